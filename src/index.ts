/** mockerd as a library: start an in-memory Docker daemon from a test suite. */
export { startDaemon, type Daemon, type DaemonOptions } from './daemon.js';
export { Engine, type EngineOptions } from './engine/engine.js';
export { RealClock, VirtualClock, type Clock } from './engine/clock.js';
export type { DockerEvent } from './engine/events.js';
export { ScenarioController, type ClockStatus, type StateSnapshot, type ScenarioStatus, type WaitOptions } from './scenario/controller.js';
export { parseScenario, loadScenarioFile, ScenarioError, type ScenarioProblem } from './scenario/load.js';
export { runScenarioHeadless, type HeadlessResult } from './scenario/headless.js';
export type { Scenario, FaultRule, Condition, Action, Step, BehaviourSpec } from './scenario/types.js';
