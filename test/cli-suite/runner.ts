/** Runs every case group against one docker CLI binary: one engine daemon, one swarm daemon. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type Daemon } from '../../src/index.js';
import { DockerCli, type CliResult } from '../support/docker-cli.js';
import { check, type Case, type CliName, type Ctx, type Group } from './types.js';
import { containerGroups } from './containers.cases.js';
import { imageGroups } from './images.cases.js';
import { networkVolumeGroups } from './network-volume.cases.js';
import { pluginGroups } from './plugins.cases.js';
import { systemGroups } from './system.cases.js';
import { swarmGroups } from './swarm.cases.js';

export const ALL_GROUPS: Group[] = [...systemGroups, ...containerGroups, ...imageGroups, ...networkVolumeGroups, ...pluginGroups, ...swarmGroups];

const IMAGES = ['alpine:latest', 'busybox:latest', 'nginx:latest', 'redis:latest', 'hello-world:latest'];

const substitute = (arg: string, ctx: Ctx) =>
  arg.replace(/@([A-Za-z0-9_]+)@/g, (whole, name: string) => {
    if (name === 'DIR') return ctx.dir;
    const value = ctx.vars[name];
    if (value === undefined) throw new Error(`no saved value @${name}@`);
    return value;
  });

function verify(c: Case, r: CliResult, ctx: Ctx): void {
  const own = c.per?.[ctx.cli] ?? {};
  const code = own.code ?? c.code ?? 0;
  const stdout = 'stdout' in own ? own.stdout : c.stdout;
  const stderr = 'stderr' in own ? own.stderr : (c.stderr ?? (code === 0 ? '' : undefined));
  expect(r.code, `exit code; stderr: ${r.stderr}; stdout: ${r.stdout}`).toBe(code);
  check('stdout', r.stdout, stdout, ctx);
  check('stderr', r.stderr, stderr, ctx);
  c.after?.(ctx);
}

export function runSuite(cli: CliName, binary: string): void {
  const daemons: Partial<Record<Group['daemon'], { daemon: Daemon; docker: DockerCli }>> = {};
  const ctx: Ctx = { cli, dir: fs.mkdtempSync(path.join(os.tmpdir(), `mockerd-cli-suite-${cli}-`)), vars: {} };

  beforeAll(async () => {
    if (!fs.existsSync(binary)) throw new Error(`docker CLI ${cli} not found at ${binary} (apt-get install -y docker.io installs Debian's 20.10 CLI)`);
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' });
    if (!version.includes(`version ${cli}.`)) throw new Error(`${binary} is not docker CLI ${cli}: ${version.trim()}`);
    const engine = await startDaemon({ images: IMAGES });
    const swarm = await startDaemon({ nodes: 3, clock: 'virtual', seed: 3, images: ['nginx:latest', 'busybox:latest', 'redis:latest', 'alpine:latest'] });
    daemons.engine = { daemon: engine, docker: new DockerCli({ host: engine.dockerHost, binary }) };
    daemons.swarm = { daemon: swarm, docker: new DockerCli({ host: swarm.dockerHost, binary }) };
  });
  afterAll(async () => {
    for (const d of Object.values(daemons)) {
      d.docker.cleanup();
      await d.daemon.close();
    }
    fs.rmSync(ctx.dir, { recursive: true, force: true });
  });

  for (const group of ALL_GROUPS) {
    describe(group.name, () => {
      for (const c of group.cases) {
        const title = `docker ${c.cmd.join(' ')}${c.note ? ` (${c.note})` : ''}`;
        it(title, async () => {
          const { docker } = daemons[group.daemon]!;
          for (const [file, text] of Object.entries(c.files ?? {})) {
            fs.mkdirSync(path.dirname(path.join(ctx.dir, file)), { recursive: true });
            fs.writeFileSync(path.join(ctx.dir, file), text);
          }
          const args = c.cmd.map((a) => substitute(a, ctx));
          const deadline = Date.now() + (c.eventually ? 10_000 : 0);
          for (;;) {
            const r = await docker.run(args, { ...(c.input === undefined ? {} : { input: c.input }), ...(c.env ? { env: c.env } : {}) });
            try {
              verify(c, r, ctx);
              if (c.save) ctx.vars[c.save] = r.stdout.trim();
              return;
            } catch (err) {
              if (Date.now() > deadline) throw err;
              await new Promise((res) => setTimeout(res, 50));
            }
          }
        });
      }
    });
  }
}

/** Distinct command lines per area, for the report and the ≥150 floor. */
export function countCases(groups: Group[] = ALL_GROUPS): number {
  return groups.reduce((n, g) => n + g.cases.length, 0);
}
