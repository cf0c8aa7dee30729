/**
 * ping, nslookup and getent: name lookups through the container's embedded DNS
 * (127.0.0.11 on user-defined networks). The network layer binds a resolver to
 * each container's file system; without one only localhost and IP literals resolve.
 */
import type { ProcessFileSystem } from '../../fs/types.js';
import type { Program, ProgramContext } from '../program.js';
import { sleepFor } from './basic.js';
import { fail, out } from './util.js';

export interface NameResolver {
  /** The IPv4 address a name resolves to from this container, if any. */
  lookup(name: string): string | undefined;
  /** The DNS server the container's resolv.conf names. */
  readonly server: string;
}

const RESOLVERS = new WeakMap<ProcessFileSystem, NameResolver>();

/** Give the processes of a container (identified by its file system) a resolver. */
export function bindNameResolver(fs: ProcessFileSystem, resolver: NameResolver): void {
  RESOLVERS.set(fs, resolver);
}

function resolve(ctx: ProgramContext, name: string): string | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return name;
  if (name === 'localhost') return '127.0.0.1';
  return RESOLVERS.get(ctx.sys.fs)?.lookup(name);
}

export const ping: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  let count = Infinity;
  let host: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c') count = Number(args[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (['-W', '-w', '-i', '-s', '-t'].includes(a)) i++;
    else if (!a.startsWith('-')) host = a;
  }
  if (!host) return fail(ctx, 'usage: ping [OPTIONS] HOST');
  const address = resolve(ctx, host);
  if (!address) return fail(ctx, `bad address '${host}'`);
  out(ctx, `PING ${host} (${address}): 56 data bytes\n`);
  let sent = 0;
  for (; sent < count; sent++) {
    if (sent > 0) await sleepFor(ctx, 1000);
    out(ctx, `64 bytes from ${address}: seq=${sent} ttl=64 time=0.080 ms\n`);
  }
  out(ctx, `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${sent} packets received, 0% packet loss\nround-trip min/avg/max = 0.080/0.080/0.080 ms\n`);
  return 0;
};

export const nslookup: Program = async (ctx) => {
  const name = ctx.argv.slice(1).find((a) => !a.startsWith('-'));
  if (!name) return fail(ctx, 'usage: nslookup HOST [DNS_SERVER]');
  const server = RESOLVERS.get(ctx.sys.fs)?.server ?? '127.0.0.11';
  out(ctx, `Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
  const address = resolve(ctx, name);
  if (!address) {
    out(ctx, `** server can't find ${name}: NXDOMAIN\n\n** server can't find ${name}: NXDOMAIN\n\n`);
    return 1;
  }
  out(ctx, `Non-authoritative answer:\nName:\t${name}\nAddress: ${address}\n\n`);
  return 0;
};

export const getent: Program = async (ctx) => {
  const [db, ...keys] = ctx.argv.slice(1);
  if (db !== 'hosts' && db !== 'ahosts') return fail(ctx, `Unknown database: ${db ?? ''}`, 1);
  let status = 0;
  for (const key of keys) {
    const address = resolve(ctx, key);
    if (!address) status = 2;
    else out(ctx, `${address.padEnd(15)} ${key}  ${key}\n`);
  }
  return status;
};
