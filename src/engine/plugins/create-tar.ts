/** `docker plugin create`: the context tar holds config.json and the rootfs/ tree. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { systemError } from '../errors.js';

export async function readPluginTar(tar: AsyncIterable<Uint8Array>): Promise<{ configJson: string; diffId: string }> {
  const ex = extract();
  const rootfs = createHash('sha256');
  let configJson: string | undefined;
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.?\//, '');
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        const body = Buffer.concat(chunks);
        if (name === 'config.json') configJson = body.toString('utf8');
        else if (name.startsWith('rootfs/') || name === 'rootfs') rootfs.update(name).update(body);
        next();
      });
      stream.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  Readable.from(tar).pipe(ex);
  try {
    await done;
  } catch (err) {
    throw systemError(`failed to read plugin context: ${(err as Error).message}`);
  }
  if (configJson === undefined) throw systemError('config not found');
  return { configJson, diffId: `sha256:${rootfs.digest('hex')}` };
}
