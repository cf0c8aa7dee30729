// The CLI ships as one bundled file: resolving ~60 modules at start-up costs more
// than the daemon's own start, and start-up time is a product figure.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/mockerd.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Optional native add-ons of ws: loaded only when installed.
  external: ['bufferutil', 'utf-8-validate'],
  banner: { js: "import { createRequire as __mockerdRequire } from 'node:module'; const require = __mockerdRequire(import.meta.url);" },
  logLevel: 'warning',
});
