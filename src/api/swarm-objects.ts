/** The routes secrets and configs share (same shapes, same rules, different words). */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { secretView } from '../engine/swarm/views.js';
import { noContent, sendJson, type ApiEnv } from './context.js';
import { filtersParam, matchLabels, matchPrefix, readSpec, versionParam } from './swarm-request.js';

export function objectRoutes(engine: Engine, kind: 'secret' | 'config'): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { swarm } = engine;
  const base = `/${kind}s`;
  const store = () => (kind === 'secret' ? swarm.secrets : swarm.configs);

  r.get(base, (c) => {
    swarm.requireManager();
    const f = filtersParam(c, ['id', 'label', 'name', 'names']);
    const names = [...f.get('name'), ...f.get('names')];
    const list = store().list().filter(
      (o) =>
        matchPrefix(f.get('id'), o.id) &&
        (names.length === 0 || names.some((n) => o.spec.Name === n || o.spec.Name.startsWith(n))) &&
        matchLabels(f.get('label'), o.spec.Labels ?? {}),
    );
    return sendJson(c, list.map(secretView));
  });

  r.post(`${base}/create`, async (c) => {
    const spec = await readSpec(c);
    return sendJson(c, { ID: store().create(spec).id }, 201);
  });

  r.get(`${base}/:id`, (c) => {
    swarm.requireManager();
    return sendJson(c, secretView(store().get(c.req.param('id'))));
  });

  r.post(`${base}/:id/update`, async (c) => {
    const spec = await readSpec(c);
    swarm.requireManager();
    store().update(c.req.param('id'), versionParam(c, kind), spec);
    return new Response(null, { status: 200 });
  });

  r.delete(`${base}/:id`, (c) => {
    store().remove(c.req.param('id'));
    return noContent();
  });
  return r;
}
