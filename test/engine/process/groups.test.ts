/** Supplementary groups: /etc/group memberships and HostConfig.GroupAdd, as `id` shows them. */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const files = {
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\npostgres:x:70:70::/var/lib/postgresql:/bin/sh\n',
  '/etc/group': 'root:x:0:root\nbin:x:1:root,bin\nwheel:x:10:root\npostgres:x:70:\nstaff:x:50:postgres\n',
};

describe('id and supplementary groups', () => {
  it('root is in the groups /etc/group lists it in', async () => {
    expect((await run(['id', '-G'], { files })).out).toBe('0 1 10\n');
    expect((await run(['id'], { files })).out).toBe('uid=0(root) gid=0(root) groups=0(root),1(bin),10(wheel)\n');
  });

  it('GroupAdd adds groups by number or name after the memberships', async () => {
    expect((await run(['id', '-G'], { files, groupAdd: ['1000', '1001'] })).out).toBe('0 1 10 1000 1001\n');
    expect((await run(['id', '-G'], { files, user: 'postgres', groupAdd: ['wheel'] })).out).toBe('70 50 10\n');
    expect((await run(['id'], { files, user: 'postgres' })).out).toBe('uid=70(postgres) gid=70(postgres) groups=70(postgres),50(staff)\n');
  });

  it('an unknown group name in GroupAdd stops the process from starting', async () => {
    await expect(run(['id'], { files, groupAdd: ['nogroup'] })).rejects.toThrow(/Unable to find group nogroup/);
  });
});
