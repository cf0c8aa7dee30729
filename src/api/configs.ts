/** Config tag: create, list, inspect, update (labels only), delete. */
import { objectRoutes } from './swarm-objects.js';
import type { Engine } from '../engine/engine.js';

export const configRoutes = (engine: Engine) => objectRoutes(engine, 'config');
