import { expect } from 'vitest';
import { ID64, lines, type Group } from './types.js';

/** 28 prints the status of a multi-name `network rm` as "exit status 1"; 20.10 prints nothing more. */
const rmFailed = (message: string) => ({ '28': { stderr: `${message}\nexit status 1\n` }, '20.10': { stderr: `${message}\n` } });
const NOT_SWARM_MANAGER =
  'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n';
const sorted = (out: string) => lines(out).sort();

export const networkVolumeGroups: Group[] = [
  {
    name: 'docker network',
    daemon: 'engine',
    cases: [
      { cmd: ['network', 'create', 'nv-front'], stdout: ID64, save: 'nvFrontId' },
      { cmd: ['network', 'create', '--subnet', '10.77.0.0/24', '--gateway', '10.77.0.254', '--label', 'team=nv', 'nv-back'], stdout: ID64 },
      { cmd: ['network', 'create', 'nv-front'], code: 1, stderr: 'Error response from daemon: network with name nv-front already exists\n' },
      { cmd: ['network', 'create', '--subnet', '10.77.0.0/25', 'nv-clash'], code: 1, stderr: 'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space\n' },
      { cmd: ['network', 'create', '-d', 'nosuchdriver', 'nv-x'], code: 1, stderr: 'Error response from daemon: plugin "nosuchdriver" not found\n' },
      { cmd: ['network', 'create', '-d', 'overlay', 'nv-ov'], note: 'overlay needs a swarm', code: 1, stderr: NOT_SWARM_MANAGER },
      { cmd: ['network', 'ls', '--filter', 'label=team=nv', '--format', '{{.Name}} {{.Driver}} {{.Scope}}'], stdout: 'nv-back bridge local\n' },
      { cmd: ['network', 'ls', '--filter', 'name=nv-', '--format', 'table {{.Name}}\t{{.Driver}}\t{{.Internal}}'], stdout: ['NAME       DRIVER    INTERNAL', 'nv-back    bridge    false', 'nv-front   bridge    false'] },
      { cmd: ['network', 'ls', '--filter', 'driver=null', '--format', '{{.Name}}'], stdout: 'none\n' },
      { cmd: ['network', 'ls', '-q', '--filter', 'name=nv-front'], stdout: (out, ctx) => expect(out).toBe(`${ctx.vars.nvFrontId!.slice(0, 12)}\n`) },
      { cmd: ['network', 'ls', '--filter', 'colour=red'], code: 1, stderr: "Error response from daemon: invalid filter 'colour'\n" },
      { cmd: ['network', 'inspect', '-f', '{{.Name}} {{.Driver}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{.Labels.team}}', 'nv-back'], stdout: 'nv-back bridge 10.77.0.0/24 10.77.0.254 nv\n' },
      {
        cmd: ['network', 'inspect', 'nv-front'],
        stdout: (out, ctx) => {
          const [n] = JSON.parse(out) as { Id: string; Name: string; Driver: string; Scope: string; Internal: boolean; Attachable: boolean; IPAM: { Driver: string; Config: { Subnet: string; Gateway: string }[] } }[];
          expect(n).toMatchObject({ Id: ctx.vars.nvFrontId, Name: 'nv-front', Driver: 'bridge', Scope: 'local', Internal: false, Attachable: false });
          expect(n!.IPAM.Driver).toBe('default');
          expect(n!.IPAM.Config[0]!.Subnet).toMatch(/^172\.\d+\.0\.0\/16$/);
          expect(n!.IPAM.Config[0]!.Gateway).toMatch(/^172\.\d+\.0\.1$/);
        },
      },
      { cmd: ['network', 'inspect', 'nosuch-net'], code: 1, stdout: '[]\n', per: { '28': { stderr: 'Error response from daemon: network nosuch-net not found\n' }, '20.10': { stderr: 'Error: No such network: nosuch-net\n' } } },
      { cmd: ['run', '-d', '--name', 'nv-box', '--network', 'nv-back', '--ip', '10.77.0.10', 'alpine', 'sleep', '1000'], stdout: ID64 },
      { cmd: ['network', 'inspect', '-f', '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}', 'nv-back'], stdout: 'nv-box 10.77.0.10/24\n' },
      { cmd: ['network', 'connect', '--alias', 'db', 'nv-front', 'nv-box'], stdout: '' },
      { cmd: ['network', 'connect', 'nv-front', 'nv-box'], code: 1, stderr: 'Error response from daemon: endpoint with name nv-box already exists in network nv-front\n' },
      { cmd: ['inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', 'nv-box'], stdout: 'nv-back nv-front \n' },
      { cmd: ['inspect', '-f', '{{index (index .NetworkSettings.Networks "nv-front").Aliases 0}}', 'nv-box'], stdout: 'db\n' },
      { cmd: ['network', 'disconnect', 'nv-front', 'nv-box'], stdout: '' },
      { cmd: ['network', 'disconnect', 'nv-front', 'nv-box'], code: 1, stderr: /^Error response from daemon: container [0-9a-f]{64} is not connected to network nv-front\n$/ },
      {
        cmd: ['network', 'rm', 'nv-back'],
        note: 'in use',
        code: 1,
        per: {
          '28': { stderr: /^Error response from daemon: error while removing network: network nv-back has active endpoints \(name:"nv-box" id:"[0-9a-f]{12}"\)\nexit status 1\n$/ },
          '20.10': { stderr: /^Error response from daemon: error while removing network: network nv-back has active endpoints \(name:"nv-box" id:"[0-9a-f]{12}"\)\n$/ },
        },
      },
      { cmd: ['network', 'rm', 'host'], code: 1, per: rmFailed('Error response from daemon: host is a pre-defined network and cannot be removed') },
      { cmd: ['rm', '-f', 'nv-box'], stdout: 'nv-box\n' },
      { cmd: ['network', 'rm', 'nv-back', 'nv-front'], stdout: 'nv-back\nnv-front\n' },
      { cmd: ['network', 'rm', 'nv-front'], code: 1, per: { '28': { stderr: 'Error response from daemon: network nv-front not found\nexit status 1\n' }, '20.10': { stderr: 'Error: No such network: nv-front\n' } } },
      {
        cmd: ['network', 'rm', '-f', 'nv-front'],
        note: '-f came with CLI 23',
        per: { '28': { stdout: '' }, '20.10': { code: 125, stderr: /^unknown shorthand flag: 'f' in -f\nSee 'docker network rm --help'\.\n$/ } },
      },
      { cmd: ['network', 'create', '--label', 'nv-prune=1', 'nv-old1'], stdout: ID64 },
      { cmd: ['network', 'create', '--label', 'nv-prune=1', '--internal', 'nv-old2'], stdout: ID64 },
      { cmd: ['network', 'ls', '--filter', 'label=nv-prune', '--format', '{{.Name}} {{.Internal}}'], stdout: (out) => expect(sorted(out)).toEqual(['nv-old1 false', 'nv-old2 true']) },
      {
        cmd: ['network', 'prune', '-f', '--filter', 'label=nv-prune=1'],
        stdout: (out) => {
          expect(out).toMatch(/^Deleted Networks:\n(nv-old[12]\n){2}\n$/);
          expect(sorted(out).slice(-2)).toEqual(['nv-old1', 'nv-old2']);
        },
      },
      { cmd: ['network', 'prune', '-f', '--filter', 'label=nv-prune=1'], note: 'nothing left', stdout: '' },
      { cmd: ['network', 'ls', '-q', '--filter', 'label=nv-prune'], stdout: '' },
    ],
  },
  {
    name: 'docker volume',
    daemon: 'engine',
    cases: [
      { cmd: ['volume', 'create', '--label', 'tier=db', 'nv-data'], stdout: 'nv-data\n' },
      { cmd: ['volume', 'create', 'nv-scratch'], stdout: 'nv-scratch\n' },
      { cmd: ['volume', 'create', '--label', 'nv-prune=1', 'nv-p1'], stdout: 'nv-p1\n' },
      { cmd: ['volume', 'create', 'nv-data'], note: 'same name again is a no-op', stdout: 'nv-data\n' },
      { cmd: ['volume', 'ls', '--filter', 'label=tier=db', '--format', '{{.Name}} {{.Driver}} {{.Labels}}'], stdout: 'nv-data local tier=db\n' },
      { cmd: ['volume', 'ls', '--filter', 'name=nv-'], stdout: ['DRIVER    VOLUME NAME', 'local     nv-data', 'local     nv-p1', 'local     nv-scratch'] },
      { cmd: ['volume', 'inspect', '-f', '{{.Name}} {{.Driver}} {{.Mountpoint}} {{.Scope}} {{.Labels.tier}}', 'nv-data'], stdout: 'nv-data local /var/lib/docker/volumes/nv-data/_data local db\n' },
      {
        cmd: ['volume', 'inspect', 'nv-scratch'],
        note: 'CLI 20.10 sends empty Labels and DriverOpts, which dockerd keeps as {}',
        stdout: (out, ctx) => {
          const [v] = JSON.parse(out) as Record<string, unknown>[];
          const empty = ctx.cli === '20.10' ? {} : null;
          expect(v).toMatchObject({ Name: 'nv-scratch', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/nv-scratch/_data', Scope: 'local', Labels: empty, Options: empty });
          expect(v!.CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        },
      },
      { cmd: ['volume', 'inspect', 'nosuch-vol'], code: 1, stdout: '[]\n', per: { '28': { stderr: 'Error response from daemon: get nosuch-vol: no such volume\n' }, '20.10': { stderr: 'Error: No such volume: nosuch-vol\n' } } },
      { cmd: ['volume', 'create', '--driver', 'nosuchdriver', 'nv-bad'], code: 1, stderr: /^Error response from daemon: create nv-bad: error looking up volume plugin nosuchdriver: plugin "nosuchdriver" not found\n$/ },
      { cmd: ['run', '--rm', '-v', 'nv-data:/data', 'alpine', 'sh', '-c', 'echo kept > /data/f'], stdout: '' },
      { cmd: ['run', '--rm', '-v', 'nv-data:/data:ro', 'alpine', 'cat', '/data/f'], note: 'a volume outlives its containers', stdout: 'kept\n' },
      { cmd: ['run', '--rm', '-v', 'nv-data:/data:ro', 'alpine', 'sh', '-c', 'echo x > /data/g'], code: 1, stderr: 'sh: can\'t create /data/g: Read-only file system\n' },
      { cmd: ['run', '-d', '--name', 'nv-user', '-v', 'nv-data:/data', 'alpine', 'sleep', '1000'], stdout: ID64, save: 'nvUserId' },
      { cmd: ['volume', 'rm', 'nv-data'], note: 'in use', code: 1, stderr: (err, ctx) => expect(err).toBe(`Error response from daemon: remove nv-data: volume is in use - [${ctx.vars.nvUserId}]\n`) },
      { cmd: ['volume', 'ls', '-q', '--filter', 'dangling=false', '--filter', 'name=nv-'], stdout: 'nv-data\n' },
      { cmd: ['volume', 'ls', '-q', '--filter', 'dangling=true', '--filter', 'name=nv-'], stdout: 'nv-p1\nnv-scratch\n' },
      { cmd: ['volume', 'ls', '--filter', 'colour=red'], code: 1, stderr: "Error response from daemon: invalid filter 'colour'\n" },
      {
        cmd: ['volume', 'prune', '-f', '--filter', 'label=nv-prune=1'],
        note: 'API 1.42 made prune take anonymous volumes only',
        per: { '28': { stdout: 'Total reclaimed space: 0B\n' }, '20.10': { stdout: 'Deleted Volumes:\nnv-p1\n\nTotal reclaimed space: 0B\n' } },
      },
      {
        cmd: ['volume', 'prune', '-a', '-f', '--filter', 'label=nv-prune=1'],
        per: { '28': { stdout: 'Deleted Volumes:\nnv-p1\n\nTotal reclaimed space: 0B\n' }, '20.10': { code: 125, stderr: /^unknown shorthand flag: 'a' in -a\nSee 'docker volume prune --help'\.\n$/ } },
      },
      { cmd: ['volume', 'ls', '-q', '--filter', 'label=nv-prune=1'], stdout: '' },
      { cmd: ['rm', '-f', 'nv-user'], stdout: 'nv-user\n' },
      { cmd: ['volume', 'rm', 'nv-data', 'nv-scratch'], stdout: 'nv-data\nnv-scratch\n' },
      { cmd: ['volume', 'rm', 'nv-data'], code: 1, per: { '28': { stderr: 'Error response from daemon: get nv-data: no such volume\n' }, '20.10': { stderr: 'Error: No such volume: nv-data\n' } } },
      { cmd: ['volume', 'rm', '-f', 'nv-data'], note: 'force: a missing volume is no error', stdout: 'nv-data\n' },
      { cmd: ['volume', 'ls', '-q', '--filter', 'name=nv-'], stdout: '' },
    ],
  },
];
