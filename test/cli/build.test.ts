import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['busybox:latest', 'alpine:latest'] });
const docker = (...args: string[]) => t.docker.run(args);

function context(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-build-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const MULTI_STAGE = `FROM alpine AS builder
ARG GREETING=hello
RUN echo "$GREETING from the builder" > /built.txt
WORKDIR /src
COPY app.txt .
FROM busybox
COPY --from=builder /built.txt /src/app.txt /out/
ENV MODE=prod
LABEL team=qa
EXPOSE 8080
CMD ["cat", "/out/built.txt"]
`;

describe('docker build (classic builder, DOCKER_BUILDKIT=0) with the real CLI', () => {
  it('builds a multi-stage Dockerfile, tags it, and the image holds what the steps made', async () => {
    const dir = context({ Dockerfile: MULTI_STAGE, 'app.txt': 'app\n', 'secret.txt': 'x', '.dockerignore': 'secret.txt\n' });
    const r = await docker('build', '-t', 'app', '-t', 'app:v1', '--build-arg', 'GREETING=hi', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Step 1\/11 : FROM alpine AS builder$/m);
    expect(r.stdout).toMatch(/^Step 7\/11 : COPY --from=builder \/built.txt \/src\/app.txt \/out\/$/m);
    expect(r.stdout).toMatch(/^ ---> Running in [0-9a-f]{12}$/m);
    expect(r.stdout).toMatch(/^Successfully built ([0-9a-f]{12})$/m);
    expect(r.stdout).toMatch(/^Successfully tagged app:latest$/m);
    expect(r.stdout).toMatch(/^Successfully tagged app:v1$/m);
    const inspect = JSON.parse((await docker('image', 'inspect', 'app')).stdout)[0];
    expect(inspect.Config.Cmd).toEqual(['cat', '/out/built.txt']);
    expect(inspect.Config.Env).toContain('MODE=prod');
    expect(inspect.Config.Labels).toEqual({ team: 'qa' });
    expect(inspect.Config.ExposedPorts).toEqual({ '8080/tcp': {} });
    await docker('create', '--name', 'built', 'app');
    const out = path.join(dir, 'out');
    expect((await docker('cp', 'built:/out', out)).code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'built.txt'), 'utf8')).toBe('hi from the builder\n');
    expect(fs.readFileSync(path.join(out, 'app.txt'), 'utf8')).toBe('app\n');

    const run = await docker('run', '--rm', 'app');
    expect(run.stdout, run.stderr).toBe('hi from the builder\n');

    const again = await docker('build', '-t', 'app', '--build-arg', 'GREETING=hi', dir);
    expect(again.stdout).toMatch(/ ---> Using cache/);
    expect(again.stdout.match(/^Successfully built ([0-9a-f]{12})$/m)![1]).toBe(r.stdout.match(/^Successfully built ([0-9a-f]{12})$/m)![1]);
  });

  it('RUN output is streamed; a failing RUN stops the build with its exit code', async () => {
    const dir = context({ Dockerfile: 'FROM busybox\nRUN echo about to fail && exit 7\n' });
    const r = await docker('build', dir);
    expect(r.code).toBe(7);
    expect(r.stdout).toMatch(/^about to fail$/m);
    expect(r.stderr).toContain("The command '/bin/sh -c echo about to fail && exit 7' returned a non-zero code: 7");
  });

  it('COPY of an ignored file fails like dockerd; -q prints only the ID; unknown instruction is a parse error', async () => {
    const ignored = context({ Dockerfile: 'FROM busybox\nCOPY secret.txt /\n', 'secret.txt': 'x', '.dockerignore': 'secret.txt\n' });
    const r = await docker('build', ignored);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('COPY failed: file not found in build context or excluded by .dockerignore: stat secret.txt: file does not exist');
    const quiet = await docker('build', '-q', context({ Dockerfile: 'FROM busybox\nCMD ["true"]\n' }));
    expect(quiet.stdout.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
    const bogus = await docker('build', context({ Dockerfile: 'FROM busybox\nBOGUS x\n' }));
    expect(bogus.stderr).toContain('dockerfile parse error line 2: unknown instruction: BOGUS');
  });

  it('-f with a custom Dockerfile path, --target, and an unknown base image', async () => {
    const dir = context({ 'sub/Build.df': 'FROM busybox AS one\nRUN echo one > /one\nFROM one AS two\nRUN cat /one > /two\nFROM busybox\nCMD ["false"]\n' });
    const r = await docker('build', '-f', path.join(dir, 'sub/Build.df'), '--target', 'two', '-t', 'staged', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Step 4\/4 : RUN cat \/one > \/two$/m);
    const missing = await docker('build', '--target', 'nope', '-f', path.join(dir, 'sub/Build.df'), dir);
    expect(missing.stderr).toContain('failed to reach build target nope in Dockerfile');
    const unknown = await docker('build', context({ Dockerfile: 'FROM nosuchimage:1\n' }));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("pull access denied for nosuchimage, repository does not exist or may require 'docker login'");
  });
});
