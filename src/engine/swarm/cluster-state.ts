/**
 * The swarm itself (what `docker swarm inspect` shows): ID, spec with its version,
 * join tokens, the CA, the unlock key. Plain data plus the rules for changing it.
 */
import type { RandomSource } from '../random.js';
import { invalidParameter } from '../errors.js';
import { outOfSequence } from './swarm-errors.js';
import type { Json } from './types.js';

/** The CA dockerd 20.10 generated for the recorded swarm (a public fixture, not a secret). */
export const TRUST_ROOT =
  '-----BEGIN CERTIFICATE-----\nMIIBajCCARCgAwIBAgIUCz0CEpiqdJ8jpqwGc+MB3STxBecwCgYIKoZIzj0EAwIw\nEzERMA8GA1UEAxMIc3dhcm0tY2EwHhcNMjYxMTIyMjM0OTAwWhcNNDYxMTE3MjM0\nOTAwWjATMREwDwYDVQQDEwhzd2FybS1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH\nA0IABNWXW2/QbRmqqHNdACziJA2GA8TdvuTygWuNMQ00kZicekQ5uL4RAJ/C9I2R\nG2h4pb0fEg8vunqRxaT4awJjbHKjQjBAMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMB\nAf8EBTADAQH/MB0GA1UdDgQWBBTaskZ99zUd+5uCu+lrRGhnuStUaTAKBggqhkjO\nPQQDAgNIADBFAiEA2C6919sGNPHvrBTxZCWKKhLadkt+wwWvVG+ValxLVIYCICmj\n1U6jKPSqR6Uwu78VAAJ8QMHveuEWKMflZA51XASf\n-----END CERTIFICATE-----\n';
export const TLS_INFO = {
  TrustRoot: TRUST_ROOT,
  CertIssuerSubject: 'MBMxETAPBgNVBAMTCHN3YXJtLWNh',
  CertIssuerPublicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1Zdbb9BtGaqoc10ALOIkDYYDxN2+5PKBa40xDTSRmJx6RDm4vhEAn8L0jZEbaHilvR8SDy+6epHFpPhrAmNscg==',
};

export function defaultSwarmSpec(): Json {
  return {
    Name: 'default',
    Labels: {},
    Orchestration: { TaskHistoryRetentionLimit: 5 },
    Raft: { SnapshotInterval: 10000, KeepOldSnapshots: 0, LogEntriesForSlowFollowers: 500, ElectionTick: 10, HeartbeatTick: 1 },
    Dispatcher: { HeartbeatPeriod: 5_000_000_000 },
    CAConfig: { NodeCertExpiry: 7_776_000_000_000_000 },
    TaskDefaults: {},
    EncryptionConfig: { AutoLockManagers: false },
  };
}

/** Fill a client's (partial) spec the way dockerd's init/update does. */
export function mergeSwarmSpec(base: Json, given: Json | undefined): Json {
  const spec = structuredClone(base);
  if (!given) return spec;
  if (given.Name) spec.Name = given.Name;
  if (given.Labels) spec.Labels = given.Labels;
  for (const section of ['Orchestration', 'Raft', 'Dispatcher', 'CAConfig', 'TaskDefaults', 'EncryptionConfig'] as const) {
    const g = given[section];
    if (!g || typeof g !== 'object') continue;
    for (const [k, v] of Object.entries(g)) if (v !== undefined && v !== null && v !== 0) spec[section][k] = v;
  }
  return spec;
}

export class SwarmClusterState {
  version: number;
  updatedAt: number;
  spec: Json;
  workerToken: string;
  managerToken: string;
  unlockKey: string;
  locked = false;
  readonly defaultAddrPool: string[];
  readonly subnetSize: number;
  readonly dataPathPort: number;

  constructor(
    private readonly random: RandomSource,
    readonly id: string,
    readonly createdAt: number,
    version: number,
    init: Json,
  ) {
    this.version = version;
    this.updatedAt = createdAt;
    this.spec = mergeSwarmSpec(defaultSwarmSpec(), init.Spec);
    this.workerToken = this.token();
    this.managerToken = this.token();
    this.unlockKey = this.spec.EncryptionConfig.AutoLockManagers ? this.newUnlockKey() : '';
    this.defaultAddrPool = init.DefaultAddrPool?.length ? init.DefaultAddrPool : ['10.0.0.0/8'];
    this.subnetSize = init.SubnetSize || 24;
    this.dataPathPort = init.DataPathPort || 4789;
  }

  private token(): string {
    const ca = this.caDigest();
    let secret = '';
    for (let i = 0; i < 25; i++) secret += '0123456789abcdefghijklmnopqrstuvwxyz'[this.random.int(36)];
    return `SWMTKN-1-${ca}-${secret}`;
  }

  private caDigest(): string {
    let out = '';
    let seed = 0;
    for (const ch of this.id) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
    for (let i = 0; i < 50; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      out += '0123456789abcdefghijklmnopqrstuvwxyz'[seed % 36];
    }
    return out;
  }

  private newUnlockKey(): string {
    return `SWMKEY-1-${this.random.bytes(32).toString('base64').replace(/=+$/, '')}`;
  }

  /** Which role a join token admits, or undefined for a token of another swarm. */
  roleForToken(token: string): 'worker' | 'manager' | undefined {
    if (token === this.workerToken) return 'worker';
    if (token === this.managerToken) return 'manager';
    return undefined;
  }

  /** `POST /swarm/update`: version checked, tokens and the unlock key rotated on request. */
  update(version: number, spec: Json, flags: { rotateWorkerToken?: boolean; rotateManagerToken?: boolean; rotateManagerUnlockKey?: boolean }, next: () => number, now: number): void {
    if (version !== this.version) throw outOfSequence();
    const merged = mergeSwarmSpec(defaultSwarmSpec(), spec);
    if (merged.Dispatcher.HeartbeatPeriod < 0) throw invalidParameter('rpc error: code = InvalidArgument desc = heartbeat period must be positive');
    const wasAutolock = this.spec.EncryptionConfig.AutoLockManagers;
    this.spec = merged;
    if (flags.rotateWorkerToken) this.workerToken = this.token();
    if (flags.rotateManagerToken) this.managerToken = this.token();
    const autolock = merged.EncryptionConfig.AutoLockManagers;
    if (autolock && (!wasAutolock || flags.rotateManagerUnlockKey)) this.unlockKey = this.newUnlockKey();
    if (!autolock) this.unlockKey = '';
    this.version = next();
    this.updatedAt = now;
  }

  get heartbeatMs(): number {
    return Math.max(1, Math.round((this.spec.Dispatcher?.HeartbeatPeriod ?? 5e9) / 1e6));
  }

  get historyLimit(): number {
    return this.spec.Orchestration?.TaskHistoryRetentionLimit ?? 5;
  }
}
