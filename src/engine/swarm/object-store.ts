/**
 * Secrets and configs: named blobs with labels, versioned like every swarm object.
 * Secrets never show their data; configs do. Neither can be removed while a service
 * uses it, and only labels can change.
 */
import { invalidParameter, notFound, systemError } from '../errors.js';
import type { Swarm } from './swarm.js';
import { outOfSequence, rpcAlreadyExists, rpcInvalid, validateObjectName } from './swarm-errors.js';
import type { Json, SecretOrConfig } from './types.js';
import { DRIVER_FIELDS, foldKeys } from '../go-json.js';

const MAX_SIZE = 500 * 1024;

export class ObjectStore {
  private readonly byId = new Map<string, SecretOrConfig>();

  constructor(
    readonly kind: 'secret' | 'config',
    private readonly swarm: Swarm,
  ) {}

  list(): SecretOrConfig[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
  }

  /** By ID, name, or unique ID prefix (dockerd's lookup order). */
  find(ref: string): SecretOrConfig | undefined {
    const direct = this.byId.get(ref);
    if (direct) return direct;
    const all = this.list();
    const byName = all.find((o) => o.spec.Name === ref);
    if (byName) return byName;
    const prefixed = all.filter((o) => o.id.startsWith(ref));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  }

  get(ref: string): SecretOrConfig {
    const o = this.find(ref);
    if (!o) throw notFound(`${this.kind} ${ref} not found`);
    return o;
  }

  create(spec: Json): SecretOrConfig {
    this.swarm.requireManager();
    if (this.kind === 'secret' && spec.Driver?.Name) {
      throw systemError(`rpc error: code = Unknown desc = plugin "${spec.Driver.Name}" not found`);
    }
    const data = decodeBase64(spec.Data);
    const name = validateObjectName(spec.Name);
    if (data.length === 0 || data.length > MAX_SIZE) {
      throw rpcInvalid(`${this.kind} data must be larger than 0 and less than ${MAX_SIZE} bytes`);
    }
    if (this.list().some((o) => o.spec.Name === name)) throw rpcAlreadyExists(`${this.kind} ${name} already exists`);
    const t = this.swarm.now;
    const stored: Json = { Name: name, Labels: spec.Labels ?? {} };
    if (spec.Templating) stored.Templating = foldKeys(spec.Templating, DRIVER_FIELDS);
    const o: SecretOrConfig = { kind: this.kind, id: this.swarm.engine.random.swarmId(), version: this.swarm.nextIndex(), createdAt: t, updatedAt: t, spec: stored, data };
    this.byId.set(o.id, o);
    this.swarm.publish(this.kind, 'create', o.id, { name });
    return o;
  }

  update(ref: string, version: number, spec: Json): void {
    this.swarm.requireManager();
    const o = this.get(ref);
    if (version !== o.version) throw outOfSequence();
    const sameData = spec.Data === undefined || decodeBase64(spec.Data).equals(o.data);
    if ((spec.Name !== undefined && spec.Name !== o.spec.Name) || !sameData) {
      throw rpcInvalid('only updates to Labels are allowed');
    }
    o.spec = { ...o.spec, Labels: spec.Labels ?? {} };
    o.version = this.swarm.nextIndex();
    o.updatedAt = this.swarm.now;
    this.swarm.publish(this.kind, 'update', o.id, { name: o.spec.Name });
  }

  remove(ref: string): void {
    this.swarm.requireManager();
    const o = this.get(ref);
    const users = [...this.swarm.services.values()].filter((s) => this.referencedBy(s.spec).includes(o.id));
    if (users.length) {
      const names = users.map((s) => s.spec.Name).join(', ');
      throw rpcInvalid(`${this.kind} '${o.spec.Name}' is in use by the following service${users.length > 1 ? 's' : ''}: ${names}`);
    }
    this.byId.delete(o.id);
    this.swarm.publish(this.kind, 'remove', o.id, { name: o.spec.Name });
  }

  /** IDs of objects of this kind a service spec refers to. */
  referencedBy(spec: Json): string[] {
    const refs = (this.kind === 'secret' ? spec.TaskTemplate?.ContainerSpec?.Secrets : spec.TaskTemplate?.ContainerSpec?.Configs) ?? [];
    return refs.map((r: Json) => (this.kind === 'secret' ? r.SecretID : r.ConfigID));
  }

  /** Check a service's references exist (swarmkit: InvalidArgument "secret not found: x"). */
  checkReferences(spec: Json): void {
    const refs = (this.kind === 'secret' ? spec.TaskTemplate?.ContainerSpec?.Secrets : spec.TaskTemplate?.ContainerSpec?.Configs) ?? [];
    for (const r of refs) {
      const id = this.kind === 'secret' ? r.SecretID : r.ConfigID;
      if (!this.byId.has(id)) throw rpcInvalid(`${this.kind} not found: ${id}`);
    }
  }
}

/** Go's base64.StdEncoding: strict, with Go's "illegal base64 data at input byte N". */
export function decodeBase64(value: unknown): Buffer {
  if (value === undefined || value === null || value === '') return Buffer.alloc(0);
  const s = String(value);
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) throw invalidParameter(`illegal base64 data at input byte ${bad}`);
  if (s.length % 4 !== 0) throw invalidParameter(`illegal base64 data at input byte ${s.length - (s.length % 4)}`);
  return Buffer.from(s, 'base64');
}
