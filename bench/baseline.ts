/**
 * Baselines every figure is divided by, measured in the same run on the same machine:
 * a bare node:http server answering "OK".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export const BARE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => { res.end('OK'); }).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('ready'));
`;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Spawn a server and measure ms from spawn until its /_ping answers 200. */
export async function timeToFirstPing(command: string, args: string[], port: number): Promise<{ ms: number; child: ChildProcess }> {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: 'ignore' });
  for (;;) {
    if (await pingOnce(port)) break;
    await new Promise((r) => setTimeout(r, 1));
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, child };
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.once('close', () => resolve(data.startsWith('HTTP/1.1 200')));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
