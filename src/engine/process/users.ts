/** Resolve a container's User ("", "name", "uid", "name:group", "uid:gid") against /etc/passwd and /etc/group. */
import type { ProcessFileSystem } from '../fs/types.js';

export interface UserInfo {
  uid: number;
  gid: number;
  name?: string;
  group?: string;
  home: string;
}

interface Entry {
  name: string;
  id: number;
  gid: number;
  home: string;
}

function readTable(fs: ProcessFileSystem, path: string): Entry[] {
  const text = fs.readFile(path)?.toString() ?? '';
  return text
    .split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length >= 3 && /^\d+$/.test(f[2]!))
    .map((f) => ({ name: f[0]!, id: Number(f[2]), gid: Number(f[3] ?? f[2]), home: f[5] || '/' }));
}

/** The user, or an error text as dockerd words it. */
export function resolveUser(fs: ProcessFileSystem, spec: string): UserInfo | { error: string } {
  const [userPart = '', groupPart] = spec.split(':');
  const passwd = readTable(fs, '/etc/passwd');
  const groups = readTable(fs, '/etc/group');
  let user: UserInfo;
  if (userPart === '' || userPart === 'root' || userPart === '0') {
    user = { uid: 0, gid: 0, name: 'root', group: 'root', home: '/root' };
  } else if (/^\d+$/.test(userPart)) {
    const entry = passwd.find((e) => e.id === Number(userPart));
    user = { uid: Number(userPart), gid: entry?.gid ?? 0, name: entry?.name, home: entry?.home ?? '/' };
  } else {
    const entry = passwd.find((e) => e.name === userPart);
    if (!entry) return { error: `unable to find user ${userPart}: no matching entries in passwd file` };
    user = { uid: entry.id, gid: entry.gid, name: entry.name, home: entry.home };
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
  return user;
}
