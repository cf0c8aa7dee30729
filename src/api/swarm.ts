/** Swarm tag: init, join, leave, inspect, update, unlock key, unlock. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { swarmView } from '../engine/swarm/views.js';
import { sendJson, type ApiEnv, respond } from './context.js';
import { boolParam } from './request.js';
import { readSpec, versionParam } from './swarm-request.js';

export function swarmRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { swarm } = engine;

  r.get('/swarm', (c) => {
    swarm.requireManager();
    return respond(c, 'SwarmInspect', swarmView(swarm));
  });

  r.post('/swarm/init', async (c) => sendJson(c, swarm.init(await readSpec(c))));

  r.post('/swarm/join', async (c) => {
    swarm.join(await readSpec(c));
    return new Response(null, { status: 200 });
  });

  r.post('/swarm/leave', (c) => {
    swarm.leave(boolParam(c, 'force'));
    return new Response(null, { status: 200 });
  });

  r.post('/swarm/update', async (c) => {
    const spec = await readSpec(c);
    swarm.requireManager();
    const version = versionParam(c, 'swarm');
    swarm.update(version, spec, {
      rotateWorkerToken: boolParam(c, 'rotateWorkerToken'),
      rotateManagerToken: boolParam(c, 'rotateManagerToken'),
      rotateManagerUnlockKey: boolParam(c, 'rotateManagerUnlockKey'),
    });
    return new Response(null, { status: 200 });
  });

  r.get('/swarm/unlockkey', (c) => sendJson(c, { UnlockKey: swarm.unlockKey() }));

  r.post('/swarm/unlock', async (c) => {
    const body = await readSpec(c);
    swarm.unlock(String(body.UnlockKey ?? ''));
    return new Response(null, { status: 200 });
  });
  return r;
}
