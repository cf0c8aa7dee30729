import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon();

async function ok(args: string[]): Promise<string> {
  const r = await t.docker.run(args);
  expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('docker plugin', () => {
  it('install / ls / inspect / disable / set / enable / rm', async () => {
    const installed = await ok(['plugin', 'install', '--grant-all-permissions', 'vieux/sshfs']);
    expect(installed).toContain('Installed plugin vieux/sshfs');
    expect(await ok(['plugin', 'ls', '--format', '{{.Name}} {{.Enabled}}'])).toBe('vieux/sshfs:latest true\n');
    expect((await ok(['plugin', 'inspect', '-f', '{{.Config.Interface.Types}} {{.Settings.Env}}', 'vieux/sshfs'])).trim()).toBe('[docker.volumedriver/1.0] [DEBUG=0]');
    expect(await ok(['info', '--format', '{{.Plugins.Volume}}'])).toBe('[local vieux/sshfs:latest]\n');

    await ok(['volume', 'create', '-d', 'vieux/sshfs', '-o', 'sshcmd=user@host:/remote', 'sshvol']);
    const inUse = await t.docker.run(['plugin', 'disable', 'vieux/sshfs']);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain('Error response from daemon: plugin vieux/sshfs:latest is in use');
    await ok(['volume', 'rm', 'sshvol']);

    const setEnabled = await t.docker.run(['plugin', 'set', 'vieux/sshfs', 'DEBUG=1']);
    expect(setEnabled.stderr).toContain('cannot set on an active plugin, disable plugin before setting');
    await ok(['plugin', 'disable', 'vieux/sshfs']);
    await ok(['plugin', 'set', 'vieux/sshfs', 'DEBUG=1', 'state.source=/tmp']);
    expect((await ok(['plugin', 'inspect', '-f', '{{.Settings.Env}} {{(index .Settings.Mounts 0).Source}}', 'vieux/sshfs'])).trim()).toBe('[DEBUG=1] /tmp');
    const notSettable = await t.docker.run(['plugin', 'set', 'vieux/sshfs', 'nope=1']);
    expect(notSettable.stderr).toContain('setting "nope" not found in the plugin configuration');
    await ok(['plugin', 'enable', 'vieux/sshfs']);

    const rmEnabled = await t.docker.run(['plugin', 'rm', 'vieux/sshfs']);
    expect(rmEnabled.code).toBe(1);
    expect(rmEnabled.stderr).toContain('plugin vieux/sshfs:latest is enabled');
    expect((await ok(['plugin', 'rm', '-f', 'vieux/sshfs'])).trim()).toBe('vieux/sshfs');
    expect(await ok(['plugin', 'ls', '-q'])).toBe('');
    const gone = await t.docker.run(['plugin', 'inspect', 'vieux/sshfs']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('plugin "vieux/sshfs" not found');
  });

  it('install --disable with an alias, then ls --filter', async () => {
    await ok(['plugin', 'install', '--grant-all-permissions', '--disable', '--alias', 'myfs', 'vieux/sshfs']);
    expect(await ok(['plugin', 'ls', '--filter', 'enabled=false', '--format', '{{.Name}}'])).toBe('myfs:latest\n');
    expect(await ok(['plugin', 'ls', '--filter', 'capability=volumedriver', '--format', '{{.Name}}'])).toBe('myfs:latest\n');
    expect(await ok(['plugin', 'ls', '--filter', 'capability=networkdriver', '-q'])).toBe('');
    await ok(['plugin', 'rm', 'myfs']);
  });

  it('install of an image that is no plugin fails like dockerd', async () => {
    const r = await t.docker.run(['plugin', 'install', '--grant-all-permissions', 'alpine']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('did not find plugin config for specified reference docker.io/library/alpine:latest');
  });
});
