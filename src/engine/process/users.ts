/** Resolve a container's User ("", "name", "uid", "name:group", "uid:gid") against /etc/passwd and /etc/group. */
import type { ProcessFileSystem } from '../fs/types.js';

export interface UserInfo {
  uid: number;
  gid: number;
  name?: string;
  group?: string;
  home: string;
  /** Every group the process is in: the primary, /etc/group memberships, then HostConfig.GroupAdd (as `id -G` lists them). */
  groups: number[];
}

interface Entry {
  name: string;
  id: number;
  gid: number;
  home: string;
  members: string[];
}

function readTable(fs: ProcessFileSystem, path: string): Entry[] {
  const text = fs.readFile(path)?.toString() ?? '';
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length >= 3 && /^\d+$/.test(f[2]!))
    .map((f) => ({ name: f[0]!, id: Number(f[2]), gid: Number(f[3] ?? f[2]), home: f[5] || '/', members: (f[3] ?? '').split(',').filter(Boolean) }));
}

/** The user, or an error text as dockerd words it. */
export function resolveUser(fs: ProcessFileSystem, spec: string, groupAdd: readonly string[] = []): UserInfo | { error: string } {
  const [userPart = '', groupPart] = spec.split(':');
  const passwd = readTable(fs, '/etc/passwd');
  const groups = readTable(fs, '/etc/group');
  let user: UserInfo;
  if (userPart === '' || userPart === 'root' || userPart === '0') {
    user = { uid: 0, gid: 0, name: 'root', group: 'root', home: '/root', groups: [] };
  } else if (/^\d+$/.test(userPart)) {
    const entry = passwd.find((e) => e.id === Number(userPart));
    user = { uid: Number(userPart), gid: entry?.gid ?? 0, name: entry?.name, home: entry?.home ?? '/', groups: [] };
  } else {
    const entry = passwd.find((e) => e.name === userPart);
    if (!entry) return { error: `unable to find user ${userPart}: no matching entries in passwd file` };
    user = { uid: entry.id, gid: entry.gid, name: entry.name, home: entry.home, groups: [] };
  }
  if (groupPart !== undefined && groupPart !== '') {
    if (/^\d+$/.test(groupPart)) user.gid = Number(groupPart);
    else {
      const group = groups.find((g) => g.name === groupPart);
      if (!group) return { error: `unable to find group ${groupPart}: no matching entries in group file` };
      user.gid = group.id;
    }
  }
  user.group = groups.find((g) => g.id === user.gid)?.name ?? (user.gid === 0 ? 'root' : undefined);
  const ids = [user.gid];
  if (user.name) ids.push(...groups.filter((g) => g.members.includes(user.name!)).map((g) => g.id));
  for (const extra of groupAdd) {
    const id = /^\d+$/.test(extra) ? Number(extra) : groups.find((g) => g.name === extra)?.id;
    if (id === undefined) return { error: `Unable to find group ${extra}: no matching entries in group file` };
    ids.push(id);
  }
  user.groups = [...new Set(ids)];
  return user;
}
