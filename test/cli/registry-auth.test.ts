/**
 * Registry credentials with the real docker CLI: services with and without
 * --with-registry-auth, classic-mode `docker run` with and without the X-Registry-Auth
 * header of config.json's HttpHeaders (as the classic Swarm docs told users to set it),
 * plugins installed, pushed and upgraded from a registry that needs a login.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';

const PRIVATE = 'private.registry.test/team/app:1.0';
const DENIED = 'Head "https://private.registry.test/v2/team/app/manifests/1.0": unauthorized: authentication required';
const swarm = useDaemon({ nodes: 3, clock: 'virtual', seed: 9, portListeners: false });
const classic = useDaemon({ nodes: 3, mode: 'classic', portListeners: false, seed: 9 });

const login = async (t: typeof swarm) => {
  const r = await t.docker.run(['login', 'private.registry.test', '-u', 'mockerd', '--password-stdin'], { input: 'mockerd-secret\n' });
  expect(r.stdout).toContain('Login Succeeded');
};
const tasks = async (service: string) =>
  (await swarm.docker.run(['service', 'ps', service, '--no-trunc', '--format', '{{.Image}}|{{.CurrentState}}|{{.Error}}'])).stdout.trim().split('\n').filter(Boolean);

describe('docker service create and private images', () => {
  it('without --with-registry-auth the CLI warns it could not record the digest and the nodes cannot pull', async () => {
    expect((await swarm.docker.run(['swarm', 'init'])).code).toBe(0);
    await login(swarm);
    const r = await swarm.docker.run(['service', 'create', '--detach', '--name', 'plain', PRIVATE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `image ${PRIVATE} could not be accessed on a registry to record\nits digest. Each node will access ${PRIVATE} independently,\npossibly leading to different nodes running different\nversions of the image.`,
    );
    const rows = await eventually(async () => ((await tasks('plain')).some((row) => row.includes('Rejected')) ? tasks('plain') : false));
    expect(rows).toContainEqual(expect.stringMatching(new RegExp(`^${PRIVATE}\\|Rejected .*\\|"No such image: ${PRIVATE}"$`)));
  });

  it('with --with-registry-auth the image is pinned by digest and the task runs', async () => {
    const r = await swarm.docker.run(['service', 'create', '--detach', '--with-registry-auth', '--name', 'authed', PRIVATE]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('could not be accessed');
    const image = (await swarm.docker.run(['service', 'inspect', 'authed', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}'])).stdout.trim();
    expect(image).toMatch(new RegExp(`^${PRIVATE}@sha256:[0-9a-f]{64}$`));
    const rows = (await eventually(async () => ((await tasks('authed')).some((row) => row.includes('|Running')) ? tasks('authed') : false))) as string[];
    expect(rows[0]).toMatch(new RegExp(`^${PRIVATE}@sha256:[0-9a-f]{64}\\|Running `));
    const inspect = (await swarm.docker.run(['service', 'inspect', 'authed'])).stdout;
    expect(inspect).not.toContain('mockerd-secret');
  });
});

describe('docker plugin and a registry that needs a login', () => {
  it('push needs the login; install and upgrade from the private registry fail without it and work with it', async () => {
    const t = swarm;
    const remote = 'private.registry.test/team/sshfs';
    expect((await t.docker.run(['plugin', 'install', '--grant-all-permissions', '--disable', '--alias', remote, 'vieux/sshfs'])).code).toBe(0);
    await t.docker.run(['logout', 'private.registry.test']);
    const denied = await t.docker.run(['plugin', 'push', remote]);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr + denied.stdout).toContain('unauthorized: authentication required');
    await login(t);
    const push = await t.docker.run(['plugin', 'push', remote]);
    expect(push.stdout).toMatch(/latest: digest: sha256:[0-9a-f]{64} size: \d+/);
    expect((await t.docker.run(['plugin', 'rm', remote])).code).toBe(0);

    await t.docker.run(['logout', 'private.registry.test']);
    const install = await t.docker.run(['plugin', 'install', '--grant-all-permissions', remote]);
    expect(install.code).toBe(1);
    expect(install.stderr).toContain(`Error response from daemon: error resolving plugin reference: Head "https://private.registry.test/v2/team/sshfs/manifests/latest": unauthorized: authentication required`);
    await login(t);
    const ok = await t.docker.run(['plugin', 'install', '--grant-all-permissions', '--disable', remote]);
    expect(ok.stdout).toContain(`Installed plugin ${remote}`);

    await t.docker.run(['logout', 'private.registry.test']);
    const upDenied = await t.docker.run(['plugin', 'upgrade', '--grant-all-permissions', remote, remote]);
    expect(upDenied.code).not.toBe(0);
    expect(upDenied.stderr).toContain('unauthorized: authentication required');
    await login(t);
    const up = await t.docker.run(['plugin', 'upgrade', '--grant-all-permissions', remote, remote]);
    expect(up.stderr).toBe('');
    expect(up.stdout).toContain(`Upgraded plugin ${remote}:latest to ${remote}`);
  });
});

describe('classic mode: docker run of a private image', () => {
  it('fails without X-Registry-Auth (a login alone does not reach the create), runs once config.json sends the header', async () => {
    const t = classic;
    const denied = await t.docker.run(['run', '-d', '--name', 'priv1', PRIVATE]);
    expect(denied.code).toBe(125);
    expect(denied.stderr).toContain(`docker: Error response from daemon: Error response from daemon: ${DENIED}`);
    await login(t);
    const stillDenied = await t.docker.run(['run', '-d', '--name', 'priv2', PRIVATE]);
    expect(stillDenied.code).toBe(125);

    const header = Buffer.from(JSON.stringify({ username: 'mockerd', password: 'mockerd-secret', serveraddress: 'private.registry.test' })).toString('base64');
    const configPath = path.join(t.docker.configDir, 'config.json');
    const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
    fs.writeFileSync(configPath, JSON.stringify({ ...config, HttpHeaders: { 'X-Registry-Auth': header } }));
    const ok = await t.docker.run(['run', '-d', '--name', 'priv3', '-e', 'constraint:node==node-3', PRIVATE]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const ps = await t.docker.run(['ps', '--format', '{{.Names}} {{.Image}}']);
    expect(ps.stdout.trim().split('\n')).toContain(`node-3/priv3 ${PRIVATE}`);
    const on3 = await t.docker.run(['images', '--filter', 'node=node-3', '--format', '{{.Repository}}:{{.Tag}}']);
    expect(on3.stdout.split('\n')).toContain(PRIVATE);
  });

  it('docker pull shows one progress line per node, the node as id', async () => {
    const r = await classic.docker.run(['pull', 'busybox']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Using default tag: latest');
    for (const node of ['node-1', 'node-2', 'node-3']) {
      expect(lines).toContain(`${node}: Pulling docker.io/library/busybox:latest... : Pulling from library/busybox`);
    }
    expect(lines.every((l, i) => i === 0 || /^node-[123]: Pulling docker\.io\/library\/busybox:latest\.\.\./.test(l) || l === 'docker.io/library/busybox:latest')).toBe(true);
  });
});
