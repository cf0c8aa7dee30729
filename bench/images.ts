/**
 * Issue 5 figures: pull of a 5-layer image, save of a 50 MB image, build of a
 * 10-step Dockerfile (each as a ratio to /_ping in the same run), and heap held
 * per image.
 */
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { pack } from 'tar-stream';
import { freePort, median, stop, timeToFirstPing } from './baseline.js';
import type { Figure } from './report.js';

/** dist/mockerd.js (what `npm run bench` builds), or the sources with MOCKERD_BENCH_SRC=1. */
const DAEMON_ARGS = process.env.MOCKERD_BENCH_SRC ? ['--import', 'tsx', path.resolve('src/cli.ts')] : [path.resolve('dist/mockerd.js')];
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const AUTH = Buffer.from(JSON.stringify({ username: 'mockerd', password: 'mockerd-secret', serveraddress: 'docker.io' })).toString('base64url');

function call(port: number, method: string, p: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, agent, headers: { ...headers, ...(body ? { 'content-length': body.length } : {}) } }, (res) => {
      let bytes = 0;
      let text = '';
      res.on('data', (d: Buffer) => {
        bytes += d.length;
        if (text.length < 65_536) text += d.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function ms(f: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function tarOf(files: Record<string, Buffer | string>): Promise<Buffer> {
  return new Promise((resolve) => {
    const p = pack();
    for (const [name, content] of Object.entries(files)) p.entry({ name }, content);
    p.finalize();
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => void chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const TEN_STEPS = `FROM alpine
ARG V=1
ENV A=1
WORKDIR /app
COPY a.txt .
RUN echo "$V" > /app/v.txt
RUN cat /app/a.txt /app/v.txt > /app/all.txt
LABEL bench=yes
EXPOSE 8080
CMD ["cat", "/app/all.txt"]
`;

export async function imageFigures(): Promise<Figure[]> {
  const port = await freePort();
  const { child } = await timeToFirstPing(process.execPath, [...DAEMON_ARGS, '-H', `tcp://127.0.0.1:${port}`, '--image', 'alpine'], port);
  try {
    const pings: number[] = [];
    for (let i = 0; i < 500; i++) pings.push(await ms(() => call(port, 'GET', '/_ping')));
    const pingMs = median(pings);

    // A 5-layer image (alpine + 4 RUN layers), pushed to the simulated Docker Hub, then pulled back repeatedly.
    const five = await tarOf({ Dockerfile: 'FROM alpine\nRUN echo 1 > /1\nRUN echo 2 > /2\nRUN echo 3 > /3\nRUN echo 4 > /4\n' });
    await call(port, 'POST', '/build?t=mockerd/five:1', five, { 'content-type': 'application/x-tar' });
    await call(port, 'POST', '/images/mockerd/five/push?tag=1', undefined, { 'X-Registry-Auth': AUTH });
    const pulls: number[] = [];
    for (let i = 0; i < 20; i++) {
      await call(port, 'DELETE', '/images/mockerd/five:1?force=1');
      const { text } = await call(port, 'POST', '/images/create?fromImage=mockerd/five&tag=1');
      if (!text.includes('Downloaded newer image')) throw new Error(`pull failed: ${text.slice(-300)}`);
      await call(port, 'DELETE', '/images/mockerd/five:1?force=1');
      pulls.push(await ms(() => call(port, 'POST', '/images/create?fromImage=mockerd/five&tag=1')));
    }
    const pullMs = median(pulls);

    // A 50 MB image (one imported layer of random bytes), saved as a docker-archive.
    const big = await tarOf({ 'blob.bin': randomBytes(50 * 1024 * 1024) });
    await call(port, 'POST', '/images/create?fromSrc=-&repo=big&tag=1', big, { 'content-type': 'application/x-tar' });
    const saves: number[] = [];
    let savedBytes = 0;
    for (let i = 0; i < 5; i++) saves.push(await ms(async () => (savedBytes = (await call(port, 'GET', '/images/big:1/get')).bytes)));
    const saveMs = median(saves);

    // A 10-step Dockerfile, no cache.
    const context = await tarOf({ Dockerfile: TEN_STEPS, 'a.txt': 'bench\n' });
    const builds: number[] = [];
    for (let i = 0; i < 10; i++) {
      builds.push(await ms(async () => {
        const { text } = await call(port, 'POST', '/build?nocache=1&t=bench:1', context, { 'content-type': 'application/x-tar' });
        if (!text.includes('Successfully tagged bench:1')) throw new Error(`build failed: ${text.slice(-300)}`);
      }));
    }
    const buildMs = median(builds);
    const ping = `ping ${pingMs.toFixed(3)} ms`;
    return [
      { name: 'pull of a 5-layer image (registry step 1 ms)', value: `${pullMs.toFixed(1)} ms, ${ping}`, ratio: pullMs / pingMs, target: 'report', ok: true },
      { name: 'save of a 50 MB image', value: `${saveMs.toFixed(0)} ms for ${(savedBytes / 1e6).toFixed(1)} MB (${(savedBytes / 1e6 / (saveMs / 1000)).toFixed(0)} MB/s), ${ping}`, ratio: saveMs / pingMs, target: 'report', ok: true },
      { name: 'build of a 10-step Dockerfile (nocache)', value: `${buildMs.toFixed(1)} ms, ${ping}`, ratio: buildMs / pingMs, target: 'report', ok: true },
    ];
  } finally {
    await stop(child);
  }
}

/** Heap held per image: 2,000 one-file images committed in a child engine. */
export function heapPerImageFigure(): Promise<Figure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.resolve('bench/heap-per-image.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => {
      try {
        const { perImage } = JSON.parse(out) as { perImage: number };
        resolve({ name: 'heap per image (one small layer)', value: `${(perImage / 1024).toFixed(2)} KiB`, ratio: perImage / 10_240, target: 'report (ratio to 10 KB)', ok: true });
      } catch (err) {
        reject(err);
      }
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigures } = await import('./report.js');
  printFigures([...(await imageFigures()), await heapPerImageFigure()]);
}
