/**
 * Which nodes hold which image in classic mode. The image store keeps one copy per
 * image ID (the content is the same everywhere); this index records where it was
 * pulled. An image the index has never seen is on the node its copy names.
 */
import type { LocalImage } from '../images/image-store.js';

export class ImagePresence {
  private readonly nodesOf = new Map<string, Set<string>>();

  add(imageId: string, node: string): void {
    let set = this.nodesOf.get(imageId);
    if (!set) this.nodesOf.set(imageId, (set = new Set()));
    set.add(node);
  }

  has(image: LocalImage, node: string): boolean {
    const set = this.nodesOf.get(image.id);
    return set ? set.has(node) : image.node === node;
  }

  nodes(image: LocalImage): string[] {
    const set = this.nodesOf.get(image.id);
    return set ? [...set] : [image.node];
  }
}
