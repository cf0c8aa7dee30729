import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findInCatalog, loadCatalog } from '../../../src/engine/images/catalog.js';
import { LayeredFs } from '../../../src/engine/fs/index.js';

const DIR = new URL('../../../fixtures/images', import.meta.url).pathname;

async function sha(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const c of stream) hash.update(c as Buffer);
  return 'sha256:' + hash.digest('hex');
}

describe('image catalogue', () => {
  const catalog = loadCatalog(DIR);

  it('loads every required image', () => {
    for (const ref of ['busybox', 'alpine', 'alpine:3.20', 'alpine:3.19', 'debian', 'ubuntu', 'nginx', 'redis', 'postgres', 'node', 'python',
      'hello-world', 'private.registry.test/team/app:1.0', 'swarm', 'testcontainers/ryuk']) {
      const img = findInCatalog(catalog, ref);
      expect(img, ref).toBeDefined();
      expect(img!.id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(img!.config.rootfs.diff_ids).toHaveLength(img!.layers.length);
    }
    expect(findInCatalog(catalog, 'docker.io/library/alpine:latest')!.name.familiarName).toBe('alpine');
    expect(findInCatalog(catalog, 'private.registry.test/team/app:1.0')!.registry).toBe('private.registry.test');
  });

  it('IDs are the sha256 of the config bytes and stable across loads', () => {
    const again = loadCatalog(DIR);
    for (const [i, img] of catalog.entries()) {
      expect(img.id).toBe('sha256:' + createHash('sha256').update(img.configJson).digest('hex'));
      expect(again[i]!.id).toBe(img.id);
      expect(again[i]!.repoDigest).toBe(img.repoDigest);
    }
  });

  it('has real config and content', () => {
    const alpine = findInCatalog(catalog, 'alpine')!;
    const fs = new LayeredFs(alpine.layers);
    expect(fs.readFile('/etc/os-release')!.toString()).toContain('VERSION_ID=3.20.3');
    expect(new LayeredFs(findInCatalog(catalog, 'alpine:3.19')!.layers).readFile('/etc/os-release')!.toString()).toContain('3.19');
    const nginx = findInCatalog(catalog, 'nginx')!;
    expect(nginx.config.config).toMatchObject({ Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'], StopSignal: 'SIGQUIT' });
    expect(new LayeredFs(nginx.layers).readFile('/usr/share/nginx/html/index.html')!.toString()).toContain('Welcome to nginx!');
    expect(new LayeredFs(nginx.layers).stat('/bin/sh')!.kind).toBe('file');
    expect(findInCatalog(catalog, 'postgres')!.config.config.Volumes).toEqual({ '/var/lib/postgresql/data': {} });
    expect(findInCatalog(catalog, 'hello-world')!.behaviour).toMatchObject({ then: 'exit', exitCode: 0 });
    expect(findInCatalog(catalog, 'redis')!.behaviour!.output!.some((l) => l.line.includes('Ready to accept connections tcp'))).toBe(true);
    expect(findInCatalog(catalog, 'testcontainers/ryuk')!.behaviour!.listen).toEqual({ port: 8080, protocol: 'ryuk' });
  });

  it('diff_ids are the sha256 of the layer tars', async () => {
    const nginx = findInCatalog(catalog, 'nginx')!;
    for (const [i, layer] of nginx.layers.entries()) expect(await sha(layer.tar())).toBe(nginx.config.rootfs.diff_ids[i]);
  });
});
