import { expect } from 'vitest';
import { lines, SWARM_ID, type Group } from './types.js';

const NOT_SWARM_MANAGER =
  'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n';
const JOIN_TOKEN = 'SWMTKN-1-[a-z0-9]{50}-[a-z0-9]{25}';
const SWARM_INIT = `^Swarm initialized: current node \\([a-z0-9]{25}\\) is now a manager\\.\\n\\nTo add a worker to this swarm, run the following command:\\n\\n    docker swarm join --token ${JOIN_TOKEN} 10\\.0\\.0\\.2:2377\\n\\nTo add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions\\.\\n`;
const sorted = (out: string) => lines(out).sort();
/** Without -d the CLI follows the tasks until they converge, then watches them 5 s (real time). */
const converged = { '28': { stdout: /^[a-z0-9]{25}\noverall progress: 0 out of 2 tasks\n[\s\S]*verify: Service [a-z0-9]{25} converged\n$/ }, '20.10': { stdout: /^[a-z0-9]{25}\noverall progress: 0 out of 2 tasks\n[\s\S]*verify: Service converged\n$/ } };
/** CLI 28 warns that stack deploy does not wait; 20.10 has no --detach for stacks. */
const STACK_DETACH_NOTE = 'Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n';

const STACK = `version: "3.8"
services:
  front:
    image: nginx:latest
    ports:
      - "9090:80"
    deploy:
      replicas: 2
  back:
    image: redis:latest
    environment:
      ROLE: cache
`;

export const swarmGroups: Group[] = [
  {
    name: 'docker swarm',
    daemon: 'swarm',
    cases: [
      { cmd: ['swarm', 'leave'], note: 'not in a swarm yet', code: 1, stderr: 'Error response from daemon: This node is not part of a swarm\n' },
      { cmd: ['service', 'ls'], note: 'not in a swarm yet', code: 1, stderr: NOT_SWARM_MANAGER },
      { cmd: ['info', '--format', '{{.Swarm.LocalNodeState}}'], stdout: 'inactive\n' },
      {
        cmd: ['swarm', 'init'],
        note: '20.10 ends with a blank line',
        per: { '28': { stdout: new RegExp(`${SWARM_INIT}$`) }, '20.10': { stdout: new RegExp(`${SWARM_INIT}\\n$`) } },
      },
      { cmd: ['swarm', 'init'], code: 1, stderr: 'Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.\n' },
      { cmd: ['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.Nodes}} {{.Swarm.Managers}} {{.Swarm.ControlAvailable}}'], stdout: 'active 3 1 true\n' },
      { cmd: ['swarm', 'join-token', 'worker'], stdout: new RegExp(`^To add a worker to this swarm, run the following command:\\n\\n    docker swarm join --token ${JOIN_TOKEN} 10\\.0\\.0\\.2:2377\\n\\n$`) },
      { cmd: ['swarm', 'join-token', '-q', 'manager'], stdout: new RegExp(`^${JOIN_TOKEN}\\n$`), save: 'managerToken' },
      {
        cmd: ['swarm', 'join-token', '--rotate', '-q', 'manager'],
        stdout: (out, ctx) => {
          expect(out).toMatch(new RegExp(`^${JOIN_TOKEN}\\n$`));
          expect(out.trim()).not.toBe(ctx.vars.managerToken);
        },
      },
      { cmd: ['swarm', 'join-token', 'nobody'], code: 1, stderr: 'unknown role nobody\n' },
      { cmd: ['swarm', 'update', '--task-history-limit', '3'], stdout: 'Swarm updated.\n' },
      { cmd: ['info', '--format', '{{.Swarm.Cluster.Spec.Orchestration.TaskHistoryRetentionLimit}}'], stdout: '3\n' },
      { cmd: ['swarm', 'unlock-key'], note: 'autolock is off', code: 1, stderr: 'no unlock key is set\n' },
      {
        cmd: ['swarm', 'update', '--autolock=true'],
        note: '20.10 says "Please remember"',
        stdout: /^Swarm updated\.\nTo unlock a swarm manager after it restarts, run the `docker swarm unlock`\ncommand and provide the following key:\n\n    SWMKEY-1-[A-Za-z0-9+/]{43}\n\n(Please r|R)emember to store this key in a password manager, since without it you\nwill not be able to restart the manager\.\n$/,
      },
      { cmd: ['swarm', 'unlock-key', '-q'], stdout: /^SWMKEY-1-[A-Za-z0-9+/]{43}\n$/ },
      { cmd: ['info', '--format', '{{.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers}}'], stdout: 'true\n' },
      { cmd: ['swarm', 'unlock'], note: 'not locked', code: 1, stderr: 'Error: swarm is not locked\n' },
      { cmd: ['swarm', 'update', '--autolock=false'], stdout: 'Swarm updated.\n' },
      {
        cmd: ['swarm', 'leave'],
        note: 'the only manager',
        code: 1,
        stderr: 'Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.\n',
      },
    ],
  },
  {
    name: 'docker node',
    daemon: 'swarm',
    cases: [
      {
        cmd: ['node', 'ls'],
        stdout: /^ID {28}HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n[a-z0-9]{25} \* {3}node-1     Ready     Active         Leader           28\.2\.2\n[a-z0-9]{25} {5}node-2     Ready     Active                          28\.2\.2\n[a-z0-9]{25} {5}node-3     Ready     Active                          28\.2\.2\n$/,
      },
      { cmd: ['node', 'ls', '--format', '{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}} {{.Self}}'], stdout: ['node-1 Ready Active Leader true', 'node-2 Ready Active  false', 'node-3 Ready Active  false'] },
      { cmd: ['node', 'inspect', 'self', '-f', '{{.Description.Hostname}} {{.Spec.Role}} {{.Spec.Availability}} {{.ManagerStatus.Leader}} {{.Status.Addr}}'], stdout: 'node-1 manager active true 10.0.0.2\n' },
      { cmd: ['node', 'ls', '-q', '--filter', 'name=node-2'], stdout: /^[a-z0-9]{25}\n$/, save: 'node2Id' },
      { cmd: ['node', 'update', '--label-add', 'zone=east', '--label-add', 'disk=ssd', 'node-2'], stdout: 'node-2\n' },
      { cmd: ['node', 'inspect', '-f', '{{.Spec.Labels}}', 'node-2'], stdout: 'map[disk:ssd zone:east]\n' },
      { cmd: ['node', 'update', '--label-rm', 'disk', 'node-2'], stdout: 'node-2\n' },
      { cmd: ['node', 'ls', '--filter', 'node.label=zone=east', '--format', '{{.Hostname}}'], stdout: 'node-2\n' },
      { cmd: ['node', 'ls', '--filter', 'label=zone=east', '-q'], note: 'label= matches engine labels, not node labels', stdout: '' },
      { cmd: ['node', 'ls', '--filter', 'role=bogus'], code: 1, stderr: "Error response from daemon: Invalid role filter: 'bogus'\n" },
      {
        cmd: ['node', 'inspect', '--pretty', 'node-2'],
        stdout: /^ID:\t\t\t[a-z0-9]{25}\nLabels:\n - zone=east\nHostname:              \tnode-2\nJoined at:             \t.+\nStatus:\n State:\t\t\tReady\n Availability:         \tActive\n Address:\t\t10\.0\.0\.3\nPlatform:\n Operating System:\tlinux\n Architecture:\t\tx86_64\n/,
      },
      { cmd: ['node', 'inspect', 'nosuch'], code: 1, stdout: '[]\n', per: { '28': { stderr: 'Error response from daemon: node nosuch not found\n' }, '20.10': { stderr: 'Status: Error: No such node: nosuch, Code: 1\n' } } },
      { cmd: ['node', 'promote', 'node-2'], stdout: 'Node node-2 promoted to a manager in the swarm.\n' },
      { cmd: ['node', 'promote', 'node-2'], stdout: (out, ctx) => expect(out).toBe(`Node ${ctx.vars.node2Id} is already a manager.\n`) },
      { cmd: ['node', 'ls', '--filter', 'role=manager', '--format', '{{.Hostname}} {{.ManagerStatus}}'], stdout: 'node-1 Leader\nnode-2 Reachable\n' },
      { cmd: ['node', 'demote', 'node-2'], stdout: 'Manager node-2 demoted in the swarm.\n' },
      { cmd: ['node', 'ls', '--filter', 'role=worker', '--format', '{{.Hostname}}'], stdout: 'node-2\nnode-3\n' },
      { cmd: ['node', 'rm', 'node-2'], note: 'still up', code: 1, stderr: (err, ctx) => expect(err).toBe(`Error response from daemon: rpc error: code = FailedPrecondition desc = node ${ctx.vars.node2Id} is not down and can't be removed\n`) },
      { cmd: ['node', 'update', '--availability', 'drain', 'node-3'], stdout: 'node-3\n' },
      { cmd: ['node', 'ls', '--format', '{{.Hostname}} {{.Availability}}'], stdout: ['node-1 Active', 'node-2 Active', 'node-3 Drain'] },
      { cmd: ['node', 'update', '--availability', 'sleepy', 'node-3'], code: 1, stderr: 'Error response from daemon: invalid Availability: "sleepy"\n' },
    ],
  },
  {
    name: 'docker service',
    daemon: 'swarm',
    cases: [
      { cmd: ['service', 'create', '--name', 'web', '--replicas', '2', '-p', '8080:80', 'nginx:latest'], note: 'waits for convergence', per: converged },
      { cmd: ['service', 'ls', '--format', '{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}} {{.Ports}}'], stdout: 'web replicated 2/2 nginx:latest *:8080->80/tcp\n' },
      {
        cmd: ['service', 'ps', 'web', '--format', '{{.Name}} {{.Image}} {{.Node}} {{.DesiredState}} {{.CurrentState}}'],
        note: 'node-3 is drained',
        stdout: (out) => {
          const rows = sorted(out);
          expect(rows).toHaveLength(2);
          rows.forEach((row, i) => expect(row).toMatch(new RegExp(`^web\\.${i + 1} nginx:latest node-[12] Running Running .+ ago$`)));
          expect(new Set(rows.map((r) => r.split(' ')[2]))).toEqual(new Set(['node-1', 'node-2']));
        },
      },
      { cmd: ['service', 'ps', '-q', '--filter', 'node=node-3', 'web'], stdout: '' },
      { cmd: ['service', 'inspect', '-f', '{{.Spec.Name}} {{.Spec.Mode.Replicated.Replicas}} {{range .Endpoint.Ports}}{{.PublishedPort}}:{{.TargetPort}}/{{.Protocol}} {{.PublishMode}}{{end}}', 'web'], stdout: 'web 2 8080:80/tcp ingress\n' },
      { cmd: ['service', 'inspect', '--pretty', 'web'], stdout: /^\nID:\t\t[a-z0-9]{25}\nName:\t\tweb\nService Mode:\tReplicated\n Replicas:\t2\nPlacement:\nUpdateConfig:\n Parallelism:\t1\n On failure:\tpause\n[\s\S]*\nPorts:\n PublishedPort = 8080\n  Protocol = tcp\n  TargetPort = 80\n  PublishMode = ingress \n\n$/ },
      { cmd: ['service', 'create', '-d', '--name', 'web', 'nginx:latest'], code: 1, stderr: 'Error response from daemon: rpc error: code = AlreadyExists desc = name conflicts with an existing object: service web already exists\n' },
      { cmd: ['service', 'create', '-d', '--name', 'api', '-p', '8080:80', 'nginx:latest'], code: 1, stderr: /^Error response from daemon: rpc error: code = InvalidArgument desc = port '8080' is already in use by service 'web' \([a-z0-9]{25}\) as an ingress port\n$/ },
      { cmd: ['service', 'scale', '-d', 'web=4'], stdout: 'web scaled to 4\n' },
      { cmd: ['service', 'ls', '--filter', 'name=web', '--format', '{{.Name}} {{.Replicas}}'], eventually: true, stdout: 'web 4/4\n' },
      { cmd: ['service', 'scale', 'web=lots'], code: 1, stderr: /invalid replicas value lots/ },
      { cmd: ['service', 'update', '-d', '--image', 'busybox:latest', '--args', 'sleep infinity', '--update-parallelism', '2', 'web'], stdout: 'web\n' },
      { cmd: ['service', 'inspect', '-f', '{{.UpdateStatus.State}} {{.Spec.UpdateConfig.Parallelism}}', 'web'], eventually: true, stdout: 'completed 2\n' },
      { cmd: ['service', 'ps', '--filter', 'desired-state=running', '--format', '{{.Image}}', 'web'], stdout: 'busybox:latest\nbusybox:latest\nbusybox:latest\nbusybox:latest\n' },
      { cmd: ['service', 'rollback', '-d', 'web'], stdout: 'web\n' },
      { cmd: ['service', 'inspect', '-f', '{{.UpdateStatus.State}} {{.Spec.TaskTemplate.ContainerSpec.Image}}', 'web'], eventually: true, stdout: /^rollback_completed nginx:latest(@sha256:[0-9a-f]{64})?\n$/ },
      { cmd: ['service', 'create', '-d', '--name', 'agent', '--mode', 'global', 'busybox:latest', 'sleep', 'infinity'], stdout: SWARM_ID },
      { cmd: ['service', 'ls', '--filter', 'mode=global', '--format', '{{.Name}} {{.Mode}} {{.Replicas}}'], eventually: true, stdout: 'agent global 2/2\n' },
      { cmd: ['node', 'update', '--availability', 'active', 'node-3'], stdout: 'node-3\n' },
      { cmd: ['service', 'ls', '--filter', 'mode=global', '--format', '{{.Name}} {{.Replicas}}'], note: 'global follows the nodes', eventually: true, stdout: 'agent 3/3\n' },
      { cmd: ['node', 'ps', '--filter', 'name=agent', '--format', '{{.Name}} {{.Node}} {{.DesiredState}}', 'node-3'], stdout: /^agent\.[a-z0-9]{25} node-3 Running\n$/ },
      { cmd: ['service', 'create', '-d', '--name', 'talker', 'busybox:latest', 'sh', '-c', 'echo hello from task; sleep infinity'], stdout: SWARM_ID },
      { cmd: ['service', 'logs', 'talker'], eventually: true, stdout: /^talker\.1\.[a-z0-9]{12}@node-[123] +\| hello from task\n$/ },
      { cmd: ['service', 'logs', '--no-task-ids', 'talker'], stdout: /^talker\.1@node-[123] +\| hello from task\n$/ },
      { cmd: ['service', 'logs', '--raw', 'talker'], stdout: /^com\.docker\.swarm\.node\.id=[a-z0-9]{25},com\.docker\.swarm\.service\.id=[a-z0-9]{25},com\.docker\.swarm\.task\.id=[a-z0-9]{25} hello from task\n$/ },
      { cmd: ['network', 'create', '-d', 'overlay', '--attachable', '--subnet', '10.90.0.0/24', 'nv-overlay'], stdout: SWARM_ID, save: 'overlayId' },
      { cmd: ['network', 'ls', '--filter', 'driver=overlay', '--format', '{{.Name}} {{.Scope}}'], stdout: 'ingress swarm\nnv-overlay swarm\n' },
      { cmd: ['network', 'inspect', '-f', '{{.Driver}} {{.Scope}} {{.Attachable}} {{.Ingress}} {{range .IPAM.Config}}{{.Subnet}}{{end}}', 'nv-overlay'], stdout: 'overlay swarm true false 10.90.0.0/24\n' },
      { cmd: ['network', 'inspect', '-f', '{{.Driver}} {{.Scope}} {{.Ingress}}', 'ingress'], stdout: 'overlay swarm true\n' },
      { cmd: ['service', 'create', '-d', '--name', 'onnet', '--network', 'nv-overlay', 'nginx:latest'], stdout: SWARM_ID, save: 'onnetId' },
      { cmd: ['service', 'inspect', '-f', '{{range .Spec.TaskTemplate.Networks}}{{.Target}}{{end}}', 'onnet'], stdout: (out, ctx) => expect(out).toBe(`${ctx.vars.overlayId}\n`) },
      {
        cmd: ['network', 'rm', 'nv-overlay'],
        note: 'a service uses it',
        code: 1,
        stderr: (err, ctx) => {
          const message = `Error response from daemon: rpc error: code = FailedPrecondition desc = network ${ctx.vars.overlayId} is in use by service ${ctx.vars.onnetId}\n`;
          expect(err).toBe(ctx.cli === '28' ? `${message}exit status 1\n` : message);
        },
      },
      { cmd: ['service', 'rm', 'onnet'], stdout: 'onnet\n' },
      { cmd: ['network', 'rm', 'nv-overlay'], stdout: 'nv-overlay\n' },
      { cmd: ['service', 'rm', 'talker', 'agent'], stdout: 'talker\nagent\n' },
      { cmd: ['service', 'ls', '--format', '{{.Name}}'], stdout: 'web\n' },
      { cmd: ['service', 'rm', 'nosuch'], code: 1, per: { '28': { stderr: 'Error response from daemon: service nosuch not found\n' }, '20.10': { stderr: 'Error: No such service: nosuch\n' } } },
      { cmd: ['service', 'ps', 'nosuch'], code: 1, stderr: 'no such service: nosuch\n' },
      { cmd: ['service', 'inspect', 'nosuch'], code: 1, stdout: '[]\n', per: { '28': { stderr: 'Error: no such service: nosuch\n' }, '20.10': { stderr: 'Status: Error: no such service: nosuch, Code: 1\n' } } },
      { cmd: ['service', 'rm', 'web'], stdout: 'web\n' },
    ],
  },
  {
    name: 'docker stack',
    daemon: 'swarm',
    cases: [
      {
        cmd: ['stack', 'deploy', '-c', '@DIR@/shop.yml', 'shop'],
        files: { 'shop.yml': STACK },
        note: 'services in Go map order',
        stdout: (out) => {
          expect(lines(out)[0]).toBe('Creating network shop_default');
          expect(sorted(out)).toEqual(['Creating network shop_default', 'Creating service shop_back', 'Creating service shop_front']);
        },
        per: { '28': { stderr: STACK_DETACH_NOTE } },
      },
      { cmd: ['stack', 'ls'], note: '20.10 has an orchestrator column', per: { '28': { stdout: ['NAME      SERVICES', 'shop      2'] }, '20.10': { stdout: ['NAME      SERVICES   ORCHESTRATOR', 'shop      2          Swarm'] } } },
      { cmd: ['stack', 'services', '--format', '{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}} {{.Ports}}', 'shop'], eventually: true, stdout: 'shop_back replicated 1/1 redis:latest \nshop_front replicated 2/2 nginx:latest *:9090->80/tcp\n' },
      { cmd: ['stack', 'ps', '--format', '{{.Name}} {{.Image}} {{.DesiredState}} {{.CurrentState}}', 'shop'], stdout: /^shop_back\.1 redis:latest Running Running .+ ago\nshop_front\.1 nginx:latest Running Running .+ ago\nshop_front\.2 nginx:latest Running Running .+ ago\n$/ },
      { cmd: ['service', 'inspect', '-f', '{{index .Spec.Labels "com.docker.stack.namespace"}} {{.Spec.TaskTemplate.ContainerSpec.Env}}', 'shop_back'], stdout: 'shop [ROLE=cache]\n' },
      { cmd: ['network', 'ls', '--filter', 'name=shop_', '--format', '{{.Name}} {{.Driver}} {{.Scope}}'], stdout: 'shop_default overlay swarm\n' },
      { cmd: ['service', 'inspect', '-f', '{{.ID}}', 'shop_front'], stdout: SWARM_ID, save: 'shop_front' },
      { cmd: ['service', 'inspect', '-f', '{{.ID}}', 'shop_back'], stdout: SWARM_ID, save: 'shop_back' },
      {
        cmd: ['stack', 'deploy', '-c', '@DIR@/shop.yml', 'shop'],
        note: 'again: an update',
        stdout: (out, ctx) => expect(sorted(out)).toEqual([`Updating service shop_back (id: ${ctx.vars.shop_back})`, `Updating service shop_front (id: ${ctx.vars.shop_front})`]),
        per: { '28': { stderr: STACK_DETACH_NOTE } },
      },
      { cmd: ['stack', 'services', 'nosuch'], stderr: 'Nothing found in stack: nosuch\n' },
      { cmd: ['stack', 'rm', 'shop'], stdout: 'Removing service shop_back\nRemoving service shop_front\nRemoving network shop_default\n' },
      { cmd: ['stack', 'rm', 'nosuch'], stderr: 'Nothing found in stack: nosuch\n' },
      { cmd: ['stack', 'ls'], per: { '28': { stdout: ['NAME      SERVICES'] }, '20.10': { stdout: ['NAME      SERVICES   ORCHESTRATOR'] } } },
    ],
  },
  {
    name: 'docker secret and config',
    daemon: 'swarm',
    cases: [
      { cmd: ['secret', 'create', 'db_pw', '@DIR@/pw.txt'], files: { 'pw.txt': 's3cr3t' }, stdout: SWARM_ID },
      { cmd: ['secret', 'create', '--label', 'env=prod', 'api_key', '-'], input: 'from-stdin', stdout: SWARM_ID, save: 'apiKeyId' },
      { cmd: ['secret', 'create', 'db_pw', '@DIR@/pw.txt'], code: 1, stderr: 'Error response from daemon: rpc error: code = AlreadyExists desc = secret db_pw already exists\n' },
      { cmd: ['secret', 'ls', '--format', '{{.Name}} {{.Labels}}'], stdout: 'api_key env=prod\ndb_pw \n' },
      { cmd: ['secret', 'ls', '-q', '--filter', 'label=env=prod'], stdout: (out, ctx) => expect(out).toBe(`${ctx.vars.apiKeyId}\n`) },
      { cmd: ['secret', 'ls', '--filter', 'name=db'], stdout: /^ID {26}NAME {6}DRIVER {4}CREATED {7}UPDATED\n[a-z0-9]{25} {3}db_pw {15}.+ ago +.+ ago\n$/ },
      { cmd: ['secret', 'inspect', '-f', '{{.Spec.Name}} {{.Spec.Labels.env}} {{.Spec.Data}}', 'api_key'], note: 'the data never comes back', stdout: 'api_key prod []\n' },
      { cmd: ['secret', 'inspect', '--pretty', 'db_pw'], stdout: /^ID: {14}[a-z0-9]{25}\nName: {14}db_pw\nDriver: {12}\nCreated at: {8}.+\nUpdated at: {8}.+\n$/ },
      { cmd: ['service', 'create', '-d', '--name', 'reader', '--secret', 'db_pw', 'busybox:latest', 'sleep', 'infinity'], stdout: SWARM_ID },
      { cmd: ['service', 'inspect', '-f', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{.File.Name}} {{.File.Mode}}{{end}}', 'reader'], stdout: 'db_pw db_pw -r--r--r--\n' },
      { cmd: ['secret', 'rm', 'db_pw'], note: 'in use', code: 1, stderr: "Error response from daemon: rpc error: code = InvalidArgument desc = secret 'db_pw' is in use by the following service: reader\n" },
      { cmd: ['service', 'rm', 'reader'], stdout: 'reader\n' },
      { cmd: ['secret', 'rm', 'db_pw', 'api_key'], stdout: 'db_pw\napi_key\n' },
      { cmd: ['secret', 'rm', 'nosuch'], code: 1, per: { '28': { stderr: 'Error response from daemon: secret nosuch not found\n' }, '20.10': { stderr: 'Error: No such secret: nosuch\n' } } },
      { cmd: ['config', 'create', 'app_conf', '@DIR@/app.conf'], files: { 'app.conf': 'listen 80\n' }, stdout: SWARM_ID },
      { cmd: ['config', 'create', '--label', 'v=2', 'app_conf_v2', '-'], input: 'listen 81\n', stdout: SWARM_ID },
      { cmd: ['config', 'ls', '--format', '{{.Name}} {{.Labels}}'], stdout: 'app_conf \napp_conf_v2 v=2\n' },
      { cmd: ['config', 'inspect', '-f', '{{.Spec.Name}} {{printf "%s" .Spec.Data}}', 'app_conf_v2'], note: 'configs keep their data', stdout: 'app_conf_v2 listen 81\n\n' },
      { cmd: ['config', 'inspect', '--pretty', 'app_conf'], stdout: /^ID:\t\t\t[a-z0-9]{25}\nName:\t\t\tapp_conf\nCreated at: {12}\t.+\nUpdated at: {12}\t.+\nData:\nlisten 80\n\n$/ },
      { cmd: ['config', 'create', 'app_conf', '@DIR@/app.conf'], code: 1, stderr: 'Error response from daemon: rpc error: code = AlreadyExists desc = config app_conf already exists\n' },
      { cmd: ['config', 'rm', 'app_conf', 'app_conf_v2'], stdout: 'app_conf\napp_conf_v2\n' },
      { cmd: ['config', 'inspect', 'app_conf'], code: 1, stdout: '[]\n', per: { '28': { stderr: 'Error response from daemon: config app_conf not found\n' }, '20.10': { stderr: 'Status: Error: No such config: app_conf, Code: 1\n' } } },
      { cmd: ['config', 'ls', '-q'], stdout: '' },
    ],
  },
  {
    name: 'docker swarm leave',
    daemon: 'swarm',
    cases: [
      { cmd: ['swarm', 'leave', '--force'], stdout: 'Node left the swarm.\n' },
      { cmd: ['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'], stdout: 'inactive false\n' },
      { cmd: ['node', 'ls'], code: 1, stderr: NOT_SWARM_MANAGER },
      { cmd: ['network', 'ls', '--filter', 'name=ingress', '-q'], note: 'ingress goes with the swarm', stdout: '' },
      { cmd: ['swarm', 'join-token', 'worker'], code: 1, stderr: NOT_SWARM_MANAGER },
    ],
  },
];
