import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';

const t = useDaemon({ nodes: 3, clock: 'virtual', images: ['nginx:latest', 'redis:latest'] });

const COMPOSE = `version: "3.8"
services:
  web:
    image: nginx:latest
    ports: ["8080:80"]
    deploy:
      replicas: 2
  cache:
    image: redis:latest
`;

describe('docker stack on a simulated swarm', () => {
  it('stack deploy, stack ps, stack services, stack rm', async () => {
    const docker = (...args: string[]) => t.docker.run(args);
    expect((await docker('swarm', 'init')).code).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-stack-'));
    fs.writeFileSync(path.join(dir, 'compose.yml'), COMPOSE);

    const deploy = await docker('stack', 'deploy', '-c', path.join(dir, 'compose.yml'), 'demo');
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain('Creating network demo_default');
    expect(deploy.stdout).toContain('Creating service demo_web');

    const ps = await eventually(async () => {
      const out = (await docker('stack', 'ps', 'demo', '--format', '{{.Name}} {{.CurrentState}}')).stdout.trim().split('\n');
      return out.length === 3 && out.every((l) => / Running /.test(l)) ? out : undefined;
    });
    expect(ps!.map((l) => l.split(' ')[0]).sort()).toEqual(['demo_cache.1', 'demo_web.1', 'demo_web.2']);

    const services = (await docker('stack', 'services', 'demo', '--format', '{{.Name}} {{.Replicas}} {{.Ports}}')).stdout.trim().split('\n').sort();
    expect(services.some((s) => s.startsWith('demo_web 2/2 *:8080->80/tcp'))).toBe(true);
    expect(services.some((s) => s.startsWith('demo_cache 1/1'))).toBe(true);

    const rm = await docker('stack', 'rm', 'demo');
    expect(rm.stdout).toContain('Removing service demo_web');
    expect(rm.stdout).toContain('Removing network demo_default');
    expect((await docker('service', 'ls', '-q')).stdout.trim()).toBe('');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
