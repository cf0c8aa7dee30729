import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['busybox:latest'] });
const docker = (...args: string[]) => t.docker.run(args);
const ok = async (...args: string[]) => {
  const r = await docker(...args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
};
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-img-'));

describe('docker pull, images, inspect, history, tag, rmi with the real CLI', () => {
  it('pull shows the layer progress and the digest, a second pull is up to date', async () => {
    const first = await ok('pull', 'alpine:3.20');
    expect(first).toMatch(/^3\.20: Pulling from library\/alpine$/m);
    expect(first).toMatch(/^[0-9a-f]{12}: Pull complete$/m);
    expect(first).toMatch(/^Digest: sha256:[0-9a-f]{64}$/m);
    expect(first).toMatch(/^Status: Downloaded newer image for alpine:3\.20$/m);
    expect(first.split('\n').pop()).toBe('docker.io/library/alpine:3.20');
    const again = await ok('pull', 'alpine:3.20');
    expect(again).toMatch(/^Status: Image is up to date for alpine:3\.20$/m);
    expect(again).not.toMatch(/Pull complete/);
  });

  it('images lists repository, tag, ID and size; --digests and --filter work', async () => {
    const list = await ok('images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}');
    expect(list).toMatch(/^alpine:3\.20 [0-9a-f]{12}$/m);
    expect(list).toMatch(/^busybox:latest [0-9a-f]{12}$/m);
    expect(await ok('images', '--digests', '--format', '{{.Digest}}', 'alpine')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await ok('images', '--filter', 'reference=busy*', '--format', '{{.Repository}}')).toBe('busybox');
    const bad = await docker('images', '--filter', 'colour=red');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("invalid filter 'colour'");
  });

  it('image inspect and history show the config and the build steps', async () => {
    const inspect = JSON.parse(await ok('image', 'inspect', 'alpine:3.20'))[0];
    expect(inspect.Id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(inspect.RepoTags).toContain('alpine:3.20');
    expect(inspect.Config.Cmd).toEqual(['/bin/sh']);
    expect(inspect.RootFS.Layers.length).toBeGreaterThan(0);
    const history = await ok('history', '--no-trunc', '--format', '{{.ID}}|{{.CreatedBy}}', 'alpine:3.20');
    expect(history.split('\n')[0]).toBe(`${inspect.Id}|/bin/sh -c #(nop)  CMD ["/bin/sh"]`);
    expect(history).toMatch(/^<missing>\|\/bin\/sh -c #\(nop\) ADD file:/m);
    const missing = await docker('image', 'inspect', 'nosuchimage');
    expect(missing.stderr.trim()).toBe('Error response from daemon: No such image: nosuchimage:latest');
  });

  it('tag then rmi: Untagged, then the 409 for an image in several repositories', async () => {
    await ok('tag', 'busybox', 'mine/box:v1');
    await ok('tag', 'busybox', 'other:v2');
    const id = await ok('image', 'inspect', '-f', '{{.Id}}', 'busybox');
    expect(await ok('image', 'inspect', '-f', '{{.Id}}', 'mine/box:v1')).toBe(id);
    const byId = await docker('rmi', id.slice(7, 19));
    expect(byId.stderr.trim()).toBe(`Error response from daemon: conflict: unable to delete ${id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
    expect(await ok('rmi', 'mine/box:v1')).toBe('Untagged: mine/box:v1');
    expect(await ok('rmi', 'other:v2')).toBe('Untagged: other:v2');
    const bad = await docker('tag', 'busybox', 'Bad/Name');
    expect(bad.stderr).toContain('must be lowercase');
    const gone = await docker('rmi', 'nosuchimage');
    expect(gone.stderr.trim()).toBe('Error response from daemon: No such image: nosuchimage:latest');
  });

  it('rmi of the last tag of an image a container uses: 409, then -f removes it', async () => {
    await ok('pull', 'debian');
    const id = await ok('image', 'inspect', '-f', '{{.Id}}', 'debian');
    const cid = await ok('create', 'debian', 'true');
    const refused = await docker('rmi', 'debian');
    expect(refused.stderr.trim()).toBe(
      `Error response from daemon: conflict: unable to remove repository reference "debian:latest" (must force) - container ${cid.slice(0, 12)} is using its referenced image ${id.slice(7, 19)}`,
    );
    const forced = (await ok('rmi', '-f', 'debian')).split('\n');
    expect(forced[0]).toBe('Untagged: debian:latest');
    expect(forced).toContain(`Deleted: ${id}`);
    await ok('rm', cid);
  });

  it('image prune -a -f deletes unused images and reports the space', async () => {
    await ok('pull', 'hello-world');
    await ok('create', '--name', 'keeps-busybox', 'busybox', 'true');
    const out = await ok('image', 'prune', '-a', '-f');
    expect(out).toMatch(/^untagged: hello-world:latest$/m);
    expect(out).toMatch(/^deleted: sha256:[0-9a-f]{64}$/m);
    expect(out).toMatch(/^Total reclaimed space: /m);
    expect(await ok('images', '-q', 'hello-world')).toBe('');
    expect(await ok('images', '-q', 'busybox')).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('registries: login, private images and failures', () => {
  it('an unknown image: pull access denied', async () => {
    const r = await docker('pull', 'nosuchimage');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    const tag = await docker('pull', 'alpine:nosuchtag');
    expect(tag.stderr.trim()).toBe('Error response from daemon: manifest for alpine:nosuchtag not found: manifest unknown: manifest unknown');
  });

  it('a private image needs docker login', async () => {
    const denied = await docker('pull', 'private.registry.test/team/app:1.0');
    expect(denied.code).toBe(1);
    expect(denied.stderr.trim()).toBe(
      'Error response from daemon: Head "https://private.registry.test/v2/team/app/manifests/1.0": unauthorized: authentication required',
    );
    const wrong = await t.docker.run(['login', '-u', 'mockerd', '--password-stdin', 'private.registry.test'], { input: 'nope\n' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('unauthorized: incorrect username or password');
    const login = await t.docker.run(['login', '-u', 'mockerd', '--password-stdin', 'private.registry.test'], { input: 'mockerd-secret\n' });
    expect(login.stdout).toContain('Login Succeeded');
    const pulled = await ok('pull', 'private.registry.test/team/app:1.0');
    expect(pulled).toMatch(/^Status: Downloaded newer image for private\.registry\.test\/team\/app:1\.0$/m);
    expect(await ok('images', '--format', '{{.Repository}}:{{.Tag}}', 'private.registry.test/team/app')).toBe('private.registry.test/team/app:1.0');
  });

  it('a pull that breaks mid-download prints the error and exits 1', async () => {
    const r = await docker('pull', 'flaky.registry.test/team/broken:1.0');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Pulling from team\/broken/);
    expect(r.stderr.trim()).toBe('unexpected EOF');
    expect(await ok('images', '-q', 'flaky.registry.test/team/broken')).toBe('');
  });

  it('docker run of an image not present pulls it first', async () => {
    const r = await docker('create', '--name', 'autopull', 'redis:latest');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Unable to find image 'redis:latest' locally");
    expect(r.stderr).toMatch(/Status: Downloaded newer image for redis:latest/);
  });

  it('push to a registry, remove, pull it back', async () => {
    await t.docker.run(['login', '-u', 'mockerd', '--password-stdin', 'private.registry.test'], { input: 'mockerd-secret\n' });
    await ok('tag', 'busybox', 'private.registry.test/team/box:7');
    const pushed = await ok('push', 'private.registry.test/team/box:7');
    expect(pushed).toMatch(/^The push refers to repository \[private\.registry\.test\/team\/box\]$/m);
    expect(pushed).toMatch(/^7: digest: sha256:[0-9a-f]{64} size: \d+$/m);
    await ok('rmi', 'private.registry.test/team/box:7');
    expect(await ok('pull', 'private.registry.test/team/box:7')).toMatch(/Status: Downloaded newer image|Image is up to date/);
    const notHere = await docker('push', 'private.registry.test/team/nothere:1');
    expect(notHere.stderr.trim()).toBe('tag does not exist: private.registry.test/team/nothere:1');
  });

  it('search answers from the catalogue', async () => {
    const out = await ok('search', '--format', '{{.Name}} {{.IsOfficial}}', 'redis');
    expect(out).toBe('redis [OK]');
  });
});

describe('save, load, import, commit, cp, export, diff', () => {
  it('save -o, rmi, load -i gives back the same image ID', async () => {
    const dir = scratch();
    const tar = path.join(dir, 'box.tar');
    await ok('tag', 'busybox', 'saved:1');
    const id = await ok('image', 'inspect', '-f', '{{.Id}}', 'saved:1');
    await ok('save', '-o', tar, 'saved:1');
    const entries = execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).trim().split('\n');
    expect(entries).toEqual(expect.arrayContaining(['manifest.json', 'repositories', 'index.json', 'oci-layout', `blobs/sha256/${id.slice(7)}`]));
    await ok('rmi', 'saved:1');
    expect(await ok('load', '-i', tar)).toBe('Loaded image: saved:1');
    expect(await ok('image', 'inspect', '-f', '{{.Id}}', 'saved:1')).toBe(id);
    const garbage = path.join(dir, 'garbage.tar');
    fs.writeFileSync(garbage, 'this is not a tar archive at all, not even close'.repeat(20));
    const bad = await docker('load', '-i', garbage);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('archive/tar: invalid tar header');
  });

  it('cp a directory with a symlink in, and back out; diff and export see it', async () => {
    const dir = scratch();
    fs.mkdirSync(path.join(dir, 'src/sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/a.txt'), 'hello\n');
    fs.writeFileSync(path.join(dir, 'src/sub/b.txt'), 'deep\n');
    fs.symlinkSync('a.txt', path.join(dir, 'src/link'));
    const cid = await ok('create', '--name', 'cp-target', 'busybox', 'true');
    await ok('cp', path.join(dir, 'src'), 'cp-target:/data');
    await ok('cp', 'cp-target:/data', path.join(dir, 'out'));
    expect(fs.readFileSync(path.join(dir, 'out/a.txt'), 'utf8')).toBe('hello\n');
    expect(fs.readFileSync(path.join(dir, 'out/sub/b.txt'), 'utf8')).toBe('deep\n');
    expect(fs.readlinkSync(path.join(dir, 'out/link'))).toBe('a.txt');
    await ok('cp', path.join(dir, 'src/a.txt'), 'cp-target:/etc/greeting');
    await ok('cp', 'cp-target:/etc/greeting', path.join(dir, 'greeting'));
    expect(fs.readFileSync(path.join(dir, 'greeting'), 'utf8')).toBe('hello\n');
    const diff = await ok('diff', 'cp-target');
    expect(diff.split('\n')).toEqual(expect.arrayContaining(['A /data', 'A /data/a.txt', 'A /data/link', 'C /etc', 'A /etc/greeting']));
    const exported = path.join(dir, 'export.tar');
    await ok('export', '-o', exported, cid);
    expect(execFileSync('tar', ['-tf', exported], { encoding: 'utf8' })).toMatch(/^data\/sub\/b\.txt$/m);
    const missing = await docker('cp', 'cp-target:/nope', dir);
    expect(missing.stderr.trim()).toBe(`Error response from daemon: Could not find the file /nope in container cp-target`);
  });

  it('commit with --change, then the new image carries the file and the config', async () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'f.txt'), 'committed\n');
    await ok('create', '--name', 'to-commit', 'busybox', 'true');
    await ok('cp', path.join(dir, 'f.txt'), 'to-commit:/f.txt');
    const id = await ok('commit', '-m', 'my message', '-a', 'me', '-c', 'ENV FOO=bar', '-c', 'CMD ["cat", "/f.txt"]', 'to-commit', 'committed:1');
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const inspect = JSON.parse(await ok('image', 'inspect', 'committed:1'))[0];
    expect(inspect.Comment).toBe('my message');
    expect(inspect.Author).toBe('me');
    expect(inspect.Config.Env).toContain('FOO=bar');
    expect(inspect.Config.Cmd).toEqual(['cat', '/f.txt']);
    await ok('create', '--name', 'from-commit', 'committed:1');
    await ok('cp', 'from-commit:/f.txt', path.join(dir, 'back.txt'));
    expect(fs.readFileSync(path.join(dir, 'back.txt'), 'utf8')).toBe('committed\n');
    const bad = await docker('commit', '-c', 'BOGUS x', 'to-commit');
    expect(bad.stderr.trim()).toBe('Error response from daemon: bogus is not a valid change command');
  });

  it('import a tar as an image', async () => {
    const dir = scratch();
    fs.mkdirSync(path.join(dir, 'root/etc'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'root/etc/hello'), 'imported\n');
    execFileSync('tar', ['-cf', path.join(dir, 'root.tar'), '-C', path.join(dir, 'root'), '.']);
    const id = await ok('import', '-m', 'from a tar', path.join(dir, 'root.tar'), 'imported:1');
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await ok('history', '--format', '{{.Comment}}', 'imported:1')).toBe('from a tar');
    await ok('create', '--name', 'from-import', 'imported:1', 'true');
    await ok('cp', 'from-import:/etc/hello', path.join(dir, 'hello'));
    expect(fs.readFileSync(path.join(dir, 'hello'), 'utf8')).toBe('imported\n');
  });
});

/** A real dockerd, when this machine has one (and root to run it): the oracle for `docker save` tars. */
const DOCKERD = ['/usr/sbin/dockerd', '/usr/bin/dockerd'].find((p) => fs.existsSync(p));
const canRunDockerd = !!DOCKERD && process.getuid?.() === 0;

describe('a docker save tar from mockerd loads into a real dockerd', () => {
  it.runIf(canRunDockerd)('real dockerd accepts it and keeps the image ID', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-dockerd-'));
    const { spawn } = await import('node:child_process');
    const daemon = spawn(DOCKERD!, [
      '--host', `unix://${dir}/docker.sock`, '--data-root', `${dir}/data`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/docker.pid`,
      '--iptables=false', '--ip6tables=false', '--bridge=none', '--storage-driver=vfs',
    ], { stdio: 'ignore' });
    try {
      const tar = path.join(dir, 'img.tar');
      await ok('tag', 'busybox', 'for-real-dockerd:1');
      const id = await ok('image', 'inspect', '-f', '{{.Id}}', 'for-real-dockerd:1');
      await ok('save', '-o', tar, 'for-real-dockerd:1');
      const real = (args: string[]) => t.docker.run(args, { env: { DOCKER_HOST: `unix://${dir}/docker.sock` } });
      for (let i = 0; i < 100 && (await real(['version'])).code !== 0; i++) await new Promise((r) => setTimeout(r, 100));
      const loaded = await real(['load', '-i', tar]);
      expect(loaded.stdout.trim(), loaded.stderr).toBe('Loaded image: for-real-dockerd:1');
      expect((await real(['image', 'inspect', '-f', '{{.Id}}', 'for-real-dockerd:1'])).stdout.trim()).toBe(id);
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
