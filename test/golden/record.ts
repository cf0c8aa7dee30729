/**
 * Golden recorder: asks a real dockerd (20.10, API 1.41) a few hundred questions and
 * writes each exchange to fixtures/golden/dockerd-20.10/<tag>/<name>.json.
 *
 *   npx tsx test/golden/record.ts --socket /tmp/oracle/docker.sock [--only system,containers] [--out dir]
 *
 * The daemon must have busybox:latest (and alpine:latest) images; if they are
 * missing the recorder imports one from /bin/busybox (busybox-static). See
 * fixtures/golden/README.md for how to start the oracle daemon.
 * Never point this at a daemon you care about: it creates and removes
 * containers/networks/volumes named golden-*, inits and leaves a swarm.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Recorder } from './lib.js';
import { sections } from './sections.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const socket = arg('socket') ?? '/tmp/oracle/docker.sock';
  const out = arg('out') ?? path.resolve(here, '../../fixtures/golden/dockerd-20.10');
  const only = arg('only')?.split(',');
  const r = new Recorder(socket, out);
  if (!only && !process.argv.includes('--keep')) fs.rmSync(out, { recursive: true, force: true });
  const ping = await r.do('GET', '/_ping');
  if (ping.status !== 200) throw new Error(`no dockerd on ${socket}`);
  await ensureImages(r);
  for (const s of sections) {
    if (only && !only.includes(s.name)) continue;
    console.log(`\n== ${s.name}`);
    try {
      await s.run(r);
    } catch (e) {
      console.error(`section ${s.name} failed:`, e);
      process.exitCode = 1;
    }
  }
  console.log('\nrecorded', r.count, r.counts);
  r.agent.destroy();
}

/** Import busybox:latest / alpine:latest from /bin/busybox when the daemon lacks them. */
async function ensureImages(r: Recorder): Promise<void> {
  const have = await r.do('GET', '/images/busybox:latest/json');
  if (have.status === 200) return;
  const bb = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p));
  if (!bb) throw new Error('busybox:latest missing and no /bin/busybox to import (apt-get install busybox-static)');
  const { makeTar } = await import('./tar.js');
  const applets = ['sh', 'echo', 'cat', 'sleep', 'ls', 'env', 'printf', 'true', 'false', 'printenv', 'tail', 'head', 'id', 'hostname', 'mkdir', 'rm', 'touch', 'wc', 'grep', 'sed', 'ps', 'top', 'yes', 'kill', 'date'];
  const tar = await makeTar([
    { name: 'bin/', type: 'directory' },
    { name: 'etc/', type: 'directory' },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'root/', type: 'directory' },
    { name: 'bin/busybox', content: fs.readFileSync(bb), mode: 0o755 },
    ...applets.map((a) => ({ name: `bin/${a}`, type: 'symlink' as const, linkname: 'busybox' })),
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
    { name: 'etc/group', content: 'root:x:0:\nnogroup:x:65534:\n' },
  ]);
  const changes = encodeURIComponent('CMD ["/bin/sh"]');
  await r.exchange({ method: 'POST', path: `/images/create?fromSrc=-&repo=busybox&tag=latest&changes=${changes}`, body: tar, headers: { 'Content-Type': 'application/x-tar' } });
  await r.do('POST', '/images/busybox:latest/tag?repo=alpine&tag=latest');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
