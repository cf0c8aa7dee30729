import { describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest', 'nginx:latest', 'busybox:latest'] });
const docker = (...args: string[]) => t.docker.run(args);
const ok = async (...args: string[]) => {
  const r = await docker(...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim();
};

describe('docker container lifecycle with the real CLI', () => {
  it('docker run -d --name web nginx shows Up in docker ps', async () => {
    const id = await ok('run', '-d', '--name', 'web', 'nginx');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const ps = await ok('ps', '--format', '{{.Names}}|{{.Image}}|{{.Status}}|{{.Ports}}|{{.Command}}');
    expect(ps).toMatch(/^web\|nginx\|Up (Less than a second|\d+ seconds?)\|80\/tcp\|"\/docker-entrypoint\.…"$/m);
  });

  it('create, start, inspect, stop', async () => {
    const id = await ok('create', '--name', 'c1', '--label', 'team=a', 'alpine', 'sleep', '1000');
    expect(await ok('inspect', '-f', '{{.State.Status}}', 'c1')).toBe('created');
    expect(await ok('start', 'c1')).toBe('c1');
    expect(await ok('inspect', '-f', '{{.State.Status}} {{.State.Running}} {{.Path}} {{json .Args}} {{.Config.Labels.team}}', id.slice(0, 12))).toBe(
      'running true sleep ["1000"] a',
    );
    // sleep ignores SIGTERM as PID 1: docker stop waits for the timeout, then SIGKILL.
    expect(await ok('stop', '-t', '1', 'c1')).toBe('c1');
    expect(await ok('inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'c1')).toBe('exited 137');
  });

  it('ps -a with --filter and --format', async () => {
    await ok('run', '-d', '--name', 'f-run', '--label', 'tier=web', 'alpine', 'sleep', '1000');
    await ok('create', '--name', 'f-created', '--label', 'tier=db', 'alpine', 'true');
    expect(await ok('ps', '-a', '--filter', 'label=tier=web', '--format', '{{.Names}}')).toBe('f-run');
    expect(await ok('ps', '-a', '--filter', 'status=created', '--filter', 'name=f-', '--format', '{{.Names}}')).toBe('f-created');
    expect(await ok('ps', '--filter', 'name=f-', '--format', '{{.Names}}')).toBe('f-run');
    expect(await ok('ps', '-a', '--filter', 'ancestor=alpine', '--filter', 'name=f-', '--format', '{{.Names}}')).toBe('f-created\nf-run');
    const bad = await docker('ps', '--filter', 'colour=red');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("invalid filter 'colour'");
  });

  it('kill -s delivers the signal; an unhandled one leaves PID 1 running', async () => {
    await ok('run', '-d', '--name', 'k1', 'alpine', 'sleep', '1000');
    expect(await ok('kill', '-s', 'USR1', 'k1')).toBe('k1');
    expect(await ok('inspect', '-f', '{{.State.Status}}', 'k1')).toBe('running');
    await ok('kill', 'k1');
    expect(await ok('inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'k1')).toBe('exited 137');
  });

  it('a trapped SIGTERM stops promptly with the trap exit code', async () => {
    await ok('run', '-d', '--name', 'trap1', 'alpine', 'sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done");
    await ok('stop', 'trap1');
    expect(await ok('inspect', '-f', '{{.State.ExitCode}}', 'trap1')).toBe('0');
  });

  it('restart, pause, unpause, rename', async () => {
    await ok('run', '-d', '--name', 'r1', 'alpine', 'sleep', '1000');
    const startedBefore = await ok('inspect', '-f', '{{.State.StartedAt}}', 'r1');
    await ok('restart', '-t', '0', 'r1');
    expect(await ok('inspect', '-f', '{{.State.Status}}', 'r1')).toBe('running');
    expect(await ok('inspect', '-f', '{{.State.StartedAt}}', 'r1')).not.toBe(startedBefore);
    await ok('pause', 'r1');
    expect(await ok('ps', '--filter', 'name=r1', '--format', '{{.Status}}')).toMatch(/\(Paused\)$/);
    expect(await ok('inspect', '-f', '{{.State.Status}} {{.State.Paused}}', 'r1')).toBe('paused true');
    await ok('unpause', 'r1');
    await ok('rename', 'r1', 'r2');
    expect(await ok('inspect', '-f', '{{.Name}}', 'r2')).toBe('/r2');
    const gone = await docker('inspect', 'r1');
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('No such object: r1');
  });

  it('update --restart changes the policy', async () => {
    await ok('run', '-d', '--name', 'u1', 'alpine', 'sleep', '1000');
    await ok('update', '--restart', 'on-failure:2', 'u1');
    expect(await ok('inspect', '-f', '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}', 'u1')).toBe('on-failure:2');
  });

  it('docker wait prints the exit code', async () => {
    await ok('run', '-d', '--name', 'w1', 'alpine', 'sh', '-c', 'sleep 0.2; exit 3');
    expect(await ok('wait', 'w1')).toBe('3');
  });

  it('run --restart on-failure:3 of a failing command restarts 3 times', async () => {
    await ok('run', '-d', '--name', 'fail3', '--restart', 'on-failure:3', 'alpine', 'sh', '-c', 'exit 1');
    const final = await eventually(async () => {
      const s = await ok('inspect', '-f', '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}', 'fail3');
      return s === 'exited 3 1' ? s : undefined;
    }, 10_000);
    expect(final).toBe('exited 3 1');
  });

  it('top, stats --no-stream and diff', async () => {
    await ok('run', '-d', '--name', 'obs', 'alpine', 'sh', '-c', 'echo hi > /greeting; sleep 1000');
    const top = await ok('top', 'obs');
    expect(top.split('\n')[0]).toMatch(/^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
    expect(top).toContain('sleep 1000');
    const stats = await ok('stats', '--no-stream', '--format', '{{.Name}} {{.PIDs}}', 'obs');
    expect(stats).toMatch(/^obs \d+$/);
    const diff = await eventually(async () => {
      const d = await ok('diff', 'obs');
      return d.includes('A /greeting') ? d : undefined;
    });
    expect(diff).toContain('A /greeting');
  });

  it('rm -f removes a running container; container prune -f removes stopped ones', async () => {
    await ok('run', '-d', '--name', 'rm1', 'alpine', 'sleep', '1000');
    const refused = await docker('rm', 'rm1');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/You cannot remove a running container [0-9a-f]{64}\. Stop the container before attempting removal or force remove/);
    await ok('rm', '-f', 'rm1');
    await ok('create', '--name', 'pr1', 'alpine', 'true');
    const pruned = await ok('container', 'prune', '-f');
    expect(pruned).toContain('Deleted Containers:');
    expect((await docker('inspect', 'pr1')).code).not.toBe(0);
  });

  it('an unknown executable fails at start like dockerd, exit code 127', async () => {
    const r = await docker('run', '-d', '--name', 'noexec', 'alpine', 'nosuchcmd');
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('exec: "nosuchcmd": executable file not found in $PATH');
    expect(await ok('inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'noexec')).toBe('created 127');
  });

  it('a duplicate name is refused with dockerd text', async () => {
    await ok('create', '--name', 'dup', 'alpine', 'true');
    const r = await docker('create', '--name', 'dup', 'alpine', 'true');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Conflict\. The container name "\/dup" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\./);
  });
});
