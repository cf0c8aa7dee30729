import type { Group } from './types.js';

const LEGACY_BUILDER = /^DEPRECATED: The legacy builder is deprecated/;

export const imageGroups: Group[] = [
  {
    name: 'docker images, build, save/load, login',
    daemon: 'engine',
    cases: [
      { cmd: ['pull', '-q', 'alpine'], stdout: 'docker.io/library/alpine:latest\n' },
      { cmd: ['tag', 'alpine', 'suite/alp:1'], stdout: '' },
      { cmd: ['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', 'reference=suite/*'], stdout: 'suite/alp:1\n' },
      { cmd: ['image', 'inspect', '-f', '{{.Os}}/{{.Architecture}} {{index .RepoTags 0}}', 'suite/alp:1'], stdout: /^linux\/amd64 (alpine:latest|suite\/alp:1)\n$/ },
      { cmd: ['history', '--format', '{{.CreatedBy}}', 'alpine'], stdout: /^\/bin\/sh -c #\(nop\)  CMD \["\/bin\/sh"\]\n\/bin\/sh -c #\(nop\) ADD file:/ },
      {
        cmd: ['build', '-q', '-t', 'suite/built:1', '--build-arg', 'V=x', '@DIR@/ctx'],
        env: { DOCKER_BUILDKIT: '0' },
        files: { 'ctx/Dockerfile': 'FROM alpine\nARG V=none\nRUN echo built-$V > /v.txt\nCMD ["cat", "/v.txt"]\n' },
        stdout: /^sha256:[0-9a-f]{64}\n$/,
        per: { '28': { stderr: LEGACY_BUILDER } },
      },
      { cmd: ['run', '--rm', 'suite/built:1'], stdout: 'built-x\n' },
      {
        cmd: ['build', '-f', '@DIR@/ctx/Failing.dockerfile', '@DIR@/ctx'],
        note: 'a failing RUN step',
        env: { DOCKER_BUILDKIT: '0' },
        files: { 'ctx/Failing.dockerfile': 'FROM alpine\nRUN echo step; exit 3\n' },
        code: 3,
        stdout: /^Sending build context to Docker daemon .*Step 2\/2 : RUN echo step; exit 3\n.*step\n/s,
        stderr: /The command '\/bin\/sh -c echo step; exit 3' returned a non-zero code: 3\n$/,
      },
      { cmd: ['save', '-o', '@DIR@/alp.tar', 'suite/alp:1'], stdout: '' },
      { cmd: ['rmi', 'suite/alp:1'], stdout: 'Untagged: suite/alp:1\n' },
      { cmd: ['load', '-i', '@DIR@/alp.tar'], stdout: 'Loaded image: suite/alp:1\n' },
      { cmd: ['rmi', 'nosuch:1'], code: 1, stderr: 'Error response from daemon: No such image: nosuch:1\n', per: { '20.10': { stderr: 'Error: No such image: nosuch:1\n' } } },
      { cmd: ['run', '-d', '--name', 'built-user', 'suite/built:1', 'sleep', '1000'], stdout: /^[0-9a-f]{64}\n$/ },
      { cmd: ['rmi', 'suite/built:1'], code: 1, stderr: /^Error response from daemon: conflict: unable to remove repository reference "suite\/built:1" \(must force\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}\n$/ },
      { cmd: ['rm', '-f', 'built-user'], stdout: 'built-user\n' },
      { cmd: ['events', '--since', '10m', '--until', '0s', '--filter', 'type=image', '--filter', 'event=tag', '--format', '{{.Action}} {{.Actor.Attributes.name}}'], stdout: /^tag suite\/alp:1$[\s\S]*^tag suite\/built:1$/m, eventually: true, note: '--until is whole seconds: a tag of this second shows once it has passed' },
      { cmd: ['login', 'private.registry.test', '-u', 'mockerd', '--password-stdin'], input: 'wrong\n', code: 1, stderr: 'Error response from daemon: Get "https://private.registry.test/v2/": unauthorized: incorrect username or password\n' },
      { cmd: ['pull', '-q', 'private.registry.test/team/app:1.0'], code: 1, stderr: /^Error response from daemon: .*(no basic auth credentials|unauthorized|denied)/ },
      { cmd: ['login', 'private.registry.test', '-u', 'mockerd', '--password-stdin'], input: 'mockerd-secret\n', stdout: /Login Succeeded\n$/, stderr: /WARNING! Your (credentials are|password will be) stored unencrypted/ },
      { cmd: ['pull', '-q', 'private.registry.test/team/app:1.0'], stdout: 'private.registry.test/team/app:1.0\n' },
      { cmd: ['logout', 'private.registry.test'], stdout: 'Removing login credentials for private.registry.test\n' },
    ],
  },
];
