import type { Group } from './types.js';

/** vieux/sshfs comes from the simulated registry's catalogue (fixtures/images/vieux+sshfs.yaml). */
const pulled = (tag: string, installed: string) =>
  new RegExp(`^${tag}: Pulling from vieux/sshfs\\n[0-9a-f]{12}: Download complete\\nDigest: sha256:[0-9a-f]{64}\\nStatus: Downloaded newer image for vieux/sshfs:${tag}\\nInstalled plugin ${installed}\\n$`);

export const pluginGroups: Group[] = [
  {
    name: 'docker plugin',
    daemon: 'engine',
    cases: [
      { cmd: ['plugin', 'ls'], stdout: ['ID        NAME      DESCRIPTION   ENABLED'] },
      { cmd: ['plugin', 'install', '--grant-all-permissions', 'vieux/sshfs'], stdout: pulled('latest', 'vieux/sshfs') },
      { cmd: ['plugin', 'install', '--grant-all-permissions', 'vieux/sshfs'], note: 'again', code: 1, stderr: 'Error response from daemon: plugin vieux/sshfs:latest already exists\n' },
      { cmd: ['plugin', 'ls'], stdout: /^ID {13}NAME {17}DESCRIPTION {15}ENABLED\n[0-9a-f]{12}   vieux\/sshfs:latest   sshFS plugin for Docker   true\n$/ },
      { cmd: ['plugin', 'ls', '--filter', 'capability=volumedriver', '--format', '{{.Name}} {{.Enabled}}'], stdout: 'vieux/sshfs:latest true\n' },
      { cmd: ['plugin', 'ls', '--filter', 'capability=networkdriver', '-q'], stdout: '' },
      { cmd: ['plugin', 'inspect', '-f', '{{.Name}} {{.Enabled}} {{.Config.Description}} {{.Settings.Env}}', 'vieux/sshfs'], stdout: 'vieux/sshfs:latest true sshFS plugin for Docker [DEBUG=0]\n' },
      { cmd: ['plugin', 'inspect', '-f', '{{.Config.Interface.Types}} {{.Config.Linux.Capabilities}} {{.Config.Network.Type}}', 'vieux/sshfs:latest'], stdout: '[docker.volumedriver/1.0] [CAP_SYS_ADMIN] host\n' },
      { cmd: ['plugin', 'set', 'vieux/sshfs', 'DEBUG=1'], note: 'enabled', code: 1, stderr: 'Error response from daemon: cannot set on an active plugin, disable plugin before setting\n' },
      { cmd: ['plugin', 'enable', 'vieux/sshfs'], code: 1, stderr: 'Error response from daemon: plugin already enabled: plugin vieux/sshfs:latest is enabled\n' },
      { cmd: ['volume', 'create', '-d', 'vieux/sshfs', '-o', 'sshcmd=user@host:/srv', 'nv-ssh'], stdout: 'nv-ssh\n' },
      { cmd: ['volume', 'ls', '--filter', 'driver=vieux/sshfs'], stdout: ['DRIVER        VOLUME NAME', 'vieux/sshfs   nv-ssh'] },
      { cmd: ['volume', 'inspect', '-f', '{{.Driver}} {{.Options}}', 'nv-ssh'], stdout: 'vieux/sshfs map[sshcmd:user@host:/srv]\n' },
      { cmd: ['plugin', 'disable', 'vieux/sshfs'], note: 'a volume uses it', code: 1, stderr: 'Error response from daemon: plugin vieux/sshfs:latest is in use\n' },
      { cmd: ['volume', 'rm', 'nv-ssh'], stdout: 'nv-ssh\n' },
      { cmd: ['plugin', 'disable', 'vieux/sshfs'], stdout: 'vieux/sshfs\n' },
      { cmd: ['plugin', 'set', 'vieux/sshfs', 'DEBUG=1'], stdout: '' },
      { cmd: ['plugin', 'set', 'vieux/sshfs', 'NOPE=1'], code: 1, stderr: 'Error response from daemon: setting "NOPE" not found in the plugin configuration\n' },
      { cmd: ['plugin', 'inspect', '-f', '{{.Enabled}} {{.Settings.Env}}', 'vieux/sshfs'], stdout: 'false [DEBUG=1]\n' },
      { cmd: ['volume', 'create', '-d', 'vieux/sshfs', 'nv-ssh2'], note: 'plugin disabled', code: 1, stderr: 'Error response from daemon: create nv-ssh2: error looking up volume plugin vieux/sshfs: plugin vieux/sshfs found but disabled\n' },
      { cmd: ['plugin', 'enable', 'vieux/sshfs'], stdout: 'vieux/sshfs\n' },
      { cmd: ['plugin', 'rm', 'vieux/sshfs'], note: 'enabled', code: 1, stderr: 'Error response from daemon: plugin vieux/sshfs:latest is enabled\n' },
      { cmd: ['plugin', 'install', '--alias', 'sshfs2', '--disable', '--grant-all-permissions', 'vieux/sshfs:next', 'DEBUG=1'], stdout: pulled('next', 'vieux/sshfs:next') },
      { cmd: ['plugin', 'ls', '--format', '{{.Name}} {{.Enabled}}'], stdout: 'sshfs2:latest false\nvieux/sshfs:latest true\n' },
      { cmd: ['plugin', 'inspect', '-f', '{{.PluginReference}} {{.Settings.Env}}', 'sshfs2'], stdout: 'docker.io/vieux/sshfs:next [DEBUG=1]\n' },
      { cmd: ['plugin', 'rm', '-f', 'vieux/sshfs', 'sshfs2'], stdout: 'vieux/sshfs\nsshfs2\n' },
      { cmd: ['plugin', 'inspect', 'vieux/sshfs'], code: 1, stdout: '[]\n', per: { '28': { stderr: 'Error response from daemon: plugin "vieux/sshfs" not found\n' }, '20.10': { stderr: 'Error: No such plugin: vieux/sshfs\n' } } },
      { cmd: ['plugin', 'install', '--grant-all-permissions', 'nosuch/plugin'], code: 1, stderr: "Error response from daemon: pull access denied for nosuch/plugin, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n" },
      { cmd: ['plugin', 'ls', '-q'], stdout: '' },
    ],
  },
];
