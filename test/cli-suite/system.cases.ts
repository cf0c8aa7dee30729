import type { Group } from './types.js';

export const systemGroups: Group[] = [
  {
    name: 'docker version, info, system',
    daemon: 'engine',
    cases: [
      { cmd: ['version', '--format', '{{.Server.APIVersion}} {{.Server.Os}}'], stdout: '1.55 linux\n' },
      { cmd: ['version', '--format', '{{.Client.APIVersion}}'], stdout: '1.50\n', per: { '20.10': { stdout: '1.41\n' } } },
      { cmd: ['info', '--format', '{{.OSType}} {{.Architecture}} {{.Swarm.LocalNodeState}}'], stdout: 'linux x86_64 inactive\n' },
      { cmd: ['system', 'df', '--format', '{{.Type}}'], stdout: 'Images\nContainers\nLocal Volumes\nBuild Cache\n' },
      { cmd: ['system', 'info', '--format', '{{json .Plugins.Volume}}'], stdout: '["local"]\n' },
    ],
  },
];
