/**
 * Every container on the engine, found the way dockerd finds them: full ID, name
 * (with or without the leading slash), then a unique ID prefix.
 */
import { conflict, invalidParameter, notFound, systemError } from '../errors.js';
import type { Container } from './container.js';

const NAME_PATTERN = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class ContainerStore {
  private readonly byId = new Map<string, Container>();
  private readonly byName = new Map<string, Container>();

  list(): Container[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  add(c: Container): void {
    this.byId.set(c.id, c);
    this.byName.set(c.name, c);
  }

  delete(c: Container): void {
    this.byId.delete(c.id);
    if (this.byName.get(c.name) === c) this.byName.delete(c.name);
  }

  find(ref: string): Container | undefined {
    const byId = this.byId.get(ref) ?? this.byName.get(ref.startsWith('/') ? ref : `/${ref}`);
    if (byId) return byId;
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    let hit: Container | undefined;
    for (const c of this.byId.values()) {
      if (!c.id.startsWith(ref)) continue;
      if (hit) throw systemError(`Multiple IDs found with provided prefix: ${ref}`);
      hit = c;
    }
    return hit;
  }

  /** find, or dockerd's 404 "No such container: x". */
  get(ref: string): Container {
    const c = this.find(ref);
    if (!c) throw notFound(`No such container: ${ref}`);
    return c;
  }

  /** Check a requested name and return it with its slash ("/web"). */
  reserveName(name: string, forId: string): string {
    if (!NAME_PATTERN.test(name)) {
      throw invalidParameter(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    }
    const full = name.startsWith('/') ? name : `/${name}`;
    const holder = this.byName.get(full);
    if (holder && holder.id !== forId) {
      throw conflict(
        `Conflict. The container name "${full}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
    return full;
  }

  rename(c: Container, newName: string): void {
    this.byName.delete(c.name);
    c.name = newName;
    this.byName.set(newName, c);
  }
}
