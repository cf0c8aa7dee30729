/** Routes dockerd serves only from some API version on (router.WithMinimumAPIVersion). */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon();
const api = () => apiClient(t.url);

describe('minimum API versions of routes', () => {
  it.each([
    ['get', '/v1.29/configs', 'GET /configs requires minimum API version 1.30'],
    ['post', '/v1.29/configs/abc/update?version=1', 'POST /configs/{id}/update requires minimum API version 1.30'],
    ['get', '/v1.24/secrets/abc', 'GET /secrets/{id} requires minimum API version 1.25'],
    ['get', '/v1.29/distribution/alpine/json', 'GET /distribution/{name:.*}/json requires minimum API version 1.30'],
    ['post', '/v1.30/build/prune', 'POST /build/prune requires minimum API version 1.31'],
    ['post', '/v1.25/plugins/sshfs/upgrade', 'POST /plugins/{name:.*}/upgrade requires minimum API version 1.26'],
    ['put', '/v1.41/volumes/data?version=1', 'PUT /volumes/{name:.*} requires minimum API version 1.42'],
    ['post', '/v1.24/volumes/prune', 'POST /volumes/prune requires minimum API version 1.25'],
  ] as const)('%s %s answers 400 before its version', async (method, path, message) => {
    const res = await api()[method](path);
    expect([res.status, res.body]).toEqual([400, { message }]);
  });

  it('serves the same routes from their version on', async () => {
    const lookup = await api().get('/v1.30/distribution/nosuch.test/a/json');
    expect([lookup.status, lookup.body.message]).toEqual([500, 'Get "https://nosuch.test/v2/": dial tcp: lookup nosuch.test: no such host']);
    expect((await api().post('/v1.25/volumes/prune')).status).toBe(200);
    // not a swarm manager: the route is reached and answers as dockerd does
    expect((await api().get('/v1.30/configs')).status).toBe(503);
  });
});
