/**
 * The one event bus. Every state change in the engine publishes a Docker event here;
 * /events, scenario triggers and the control API's event log all read from it.
 */
import type { Clock } from './clock.js';

export type EventType =
  | 'builder'
  | 'config'
  | 'container'
  | 'daemon'
  | 'image'
  | 'network'
  | 'node'
  | 'plugin'
  | 'secret'
  | 'service'
  | 'volume';

export interface DockerEvent {
  Type: EventType;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: 'local' | 'swarm';
  time: number;
  timeNano: number;
  /** Engine node the event happened on (not on the wire; used by per-node endpoints). */
  node?: string;
}

export interface PublishInput {
  type: EventType;
  action: string;
  id: string;
  attributes?: Record<string, string>;
  scope?: 'local' | 'swarm';
  node?: string;
}

type Listener = (event: DockerEvent) => void;

/** dockerd replays at most this many past events to a `since` query. */
const REPLAY_LIMIT = 256;
/** The full log kept for the control API and scenario expectations. */
const LOG_LIMIT = 100_000;

export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly recent: DockerEvent[] = [];
  private readonly log: DockerEvent[] = [];

  constructor(private readonly clock: Clock) {}

  publish(input: PublishInput): DockerEvent {
    const nanos = this.clock.nowNanos();
    const event: DockerEvent = {
      Type: input.type,
      Action: input.action,
      Actor: { ID: input.id, Attributes: { ...(input.attributes ?? {}) } },
      scope: input.scope ?? 'local',
      time: Number(nanos / 1_000_000_000n),
      timeNano: Number(nanos),
      node: input.node,
    };
    push(this.recent, event, REPLAY_LIMIT);
    push(this.log, event, LOG_LIMIT);
    for (const listener of [...this.listeners]) listener(event);
    return event;
  }

  /** Subscribe to future events; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Past events still in the replay buffer, oldest first. */
  history(): readonly DockerEvent[] {
    return this.recent;
  }

  /** Every event since start (bounded), for the control API. */
  fullLog(): readonly DockerEvent[] {
    return this.log;
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}

function push<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}
