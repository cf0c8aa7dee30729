/** A tar body from file names and contents: build contexts and archive uploads in tests. */
import { makeTar } from '../golden/tar.js';

export const tarOf = (files: Record<string, string | Buffer>): Promise<Buffer> =>
  makeTar(Object.entries(files).map(([name, content]) => ({ name, content })));
