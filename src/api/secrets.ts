/** Secret tag: create, list, inspect, update (labels only), delete. */
import { objectRoutes } from './swarm-objects.js';
import type { Engine } from '../engine/engine.js';

export const secretRoutes = (engine: Engine) => objectRoutes(engine, 'secret');
