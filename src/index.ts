/** mockerd as a library: start an in-memory Docker daemon from a test suite. */
export { startDaemon, type Daemon, type DaemonOptions } from './daemon.js';
export { Engine, type EngineOptions } from './engine/engine.js';
export { RealClock, VirtualClock, type Clock } from './engine/clock.js';
export type { DockerEvent } from './engine/events.js';
