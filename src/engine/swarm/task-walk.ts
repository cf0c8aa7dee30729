/**
 * The task lifecycle as data (kwok-style): each row says which state follows, after
 * how much engine time, with swarmkit's status message, and which side of swarmkit
 * makes the move (the manager's allocator/scheduler or the node's agent). The agent
 * rows also name the container action the executor performs on the way.
 */
import type { TaskState } from './types.js';

export interface WalkStep {
  from: TaskState;
  to: TaskState;
  /** Engine milliseconds spent in `from` before the move. */
  delayMs: number;
  /** Task status message after the move (swarmkit's wording). */
  message: string;
  /** Who moves the task: the allocator, the scheduler, or the agent on the node. */
  by: 'allocator' | 'scheduler' | 'agent';
  /** Container work the agent does to reach `to`. */
  action?: 'create' | 'start';
}

/** new -> pending -> assigned -> accepted -> preparing -> ready -> starting -> running. */
export const TASK_WALK: readonly WalkStep[] = [
  { from: 'new', to: 'pending', delayMs: 0, message: 'pending task scheduling', by: 'allocator' },
  { from: 'pending', to: 'assigned', delayMs: 50, message: 'scheduler assigned task to node', by: 'scheduler' },
  { from: 'assigned', to: 'accepted', delayMs: 20, message: 'accepted', by: 'agent' },
  { from: 'accepted', to: 'preparing', delayMs: 0, message: 'preparing', by: 'agent' },
  { from: 'preparing', to: 'ready', delayMs: 100, message: 'prepared', by: 'agent', action: 'create' },
  { from: 'ready', to: 'starting', delayMs: 0, message: 'starting', by: 'agent' },
  { from: 'starting', to: 'running', delayMs: 50, message: 'started', by: 'agent', action: 'start' },
];

export const stepFrom = (state: TaskState) => TASK_WALK.find((s) => s.from === state);

/** Terminal reports of the agent (swarmkit's executor wording). */
export const EXIT_MESSAGES = {
  complete: 'finished',
  failed: 'started',
  shutdown: 'shutdown',
  rejected: 'preparing',
  orphaned: 'task orphaned',
} as const;

export const nonZeroExit = (code: number) => `task: non-zero exit (${code})`;

/** The manager's dispatcher: heartbeat period (cluster spec default) and what follows. */
export const DEFAULT_HEARTBEAT_MS = 5000;
export const GRACE_MULTIPLIER = 3;
/** swarmkit's defaultNodeDownPeriod: tasks of a node down this long become orphaned. */
export const ORPHAN_AFTER_MS = 24 * 3600 * 1000;
/** Default restart delay (RestartPolicy.Delay). */
export const DEFAULT_RESTART_DELAY_MS = 5000;
