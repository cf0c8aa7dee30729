/**
 * Simulated registries, declared in fixtures (registries.yaml) and scenarios:
 * which hosts exist, who may log in, and whether pulls need credentials.
 */
import { unauthorized, systemError } from './errors.js';

export interface RegistryUser {
  username: string;
  password: string;
}

export interface RegistryConfig {
  host: string;
  aliases?: string[];
  /** Pulls need credentials (anonymous pulls are refused). */
  requireAuth?: boolean;
  users?: RegistryUser[];
  /** Hand out an IdentityToken on /auth, like registries with token auth. */
  identityTokens?: boolean;
  /** The registry is unreachable (scenario "registry down"). */
  down?: boolean;
  /** Engine-clock milliseconds between two progress steps of a pull or push (default 1). */
  stepMs?: number;
  /** Pulls allowed before dockerd's `toomanyrequests` answer (default unlimited). */
  pullLimit?: number;
  /** Repositories ("team/app", "library/alpine") whose pulls break mid-download. */
  brokenRepositories?: { repository: string; message?: string }[];
}

export interface Credentials {
  username?: string;
  password?: string;
  email?: string;
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export const DEFAULT_REGISTRY = 'docker.io';

/**
 * Decode an X-Registry-Auth value: base64url (or base64) JSON with username/password/
 * email/serveraddress, identitytoken or the legacy registrytoken. Undefined when it does
 * not decode: dockerd then goes on anonymously ("to increase compatibility").
 */
export function decodeRegistryAuth(header: string | undefined): Credentials | undefined {
  if (!header) return undefined;
  try {
    const json = Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Credentials) : undefined;
  } catch {
    return undefined;
  }
}

const HUB_ALIASES = ['index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/', 'https://index.docker.io/v1'];

export class RegistrySet {
  private byHost?: Map<string, RegistryConfig>;
  private initial?: RegistryConfig[];
  private readonly tokens = new Map<string, { host: string; username: string }>();

  /** configs may be a loader: the fixtures file is read on first use, not at start-up. */
  constructor(
    private readonly configs: RegistryConfig[] | (() => RegistryConfig[]),
    private readonly makeToken: () => string,
  ) {}

  private get registries(): Map<string, RegistryConfig> {
    if (!this.byHost) {
      const list = typeof this.configs === 'function' ? this.configs() : this.configs;
      this.byHost = new Map(list.map((c) => [c.host, c]));
      if (!this.byHost.has(DEFAULT_REGISTRY)) this.byHost.set(DEFAULT_REGISTRY, { host: DEFAULT_REGISTRY });
      this.initial = [...this.byHost.values()].map((c) => structuredClone(c));
    }
    return this.byHost;
  }

  /** The registries as configured at start (what a reset restores). */
  originals(): RegistryConfig[] {
    void this.registries;
    return this.initial!.map((c) => structuredClone(c));
  }

  list(): RegistryConfig[] {
    return [...this.registries.values()];
  }

  /** Normalise a server address the way the CLI and dockerd do ("https://host/v1/" -> host). */
  static hostOf(serverAddress: string | undefined): string {
    if (!serverAddress) return DEFAULT_REGISTRY;
    if (HUB_ALIASES.includes(serverAddress)) return DEFAULT_REGISTRY;
    const stripped = serverAddress.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    return HUB_ALIASES.includes(stripped) ? DEFAULT_REGISTRY : stripped;
  }

  find(host: string): RegistryConfig | undefined {
    const h = RegistrySet.hostOf(host);
    return this.registries.get(h) ?? this.list().find((r) => r.aliases?.includes(h));
  }

  /** What /auth does: check the credentials against the registry, maybe return a token. */
  login(creds: Credentials): { identityToken: string } {
    const host = RegistrySet.hostOf(creds.serveraddress);
    const endpoint = host === DEFAULT_REGISTRY ? 'https://registry-1.docker.io/v2/' : `https://${host}/v2/`;
    const registry = this.find(host);
    if (!registry) throw systemError(`Get "${endpoint}": dial tcp: lookup ${host}: no such host`);
    if (registry.down) throw systemError(`Get "${endpoint}": dial tcp: connect: connection refused`);
    if (creds.identitytoken) {
      if (this.tokens.get(creds.identitytoken)?.host === registry.host) return { identityToken: '' };
      throw unauthorized(`Get "${endpoint}": unauthorized: incorrect username or password`);
    }
    const user = registry.users?.find((u) => u.username === creds.username);
    if (!user || user.password !== creds.password) {
      throw unauthorized(`Get "${endpoint}": unauthorized: incorrect username or password`);
    }
    if (!registry.identityTokens) return { identityToken: '' };
    const token = this.makeToken();
    this.tokens.set(token, { host: registry.host, username: user.username });
    return { identityToken: token };
  }

  /** Whether credentials (as decoded from X-Registry-Auth) grant pulls from host. */
  authorizes(host: string, creds: Credentials | undefined): boolean {
    const registry = this.find(host);
    if (!registry) return false;
    if (!registry.requireAuth) return true;
    if (!creds) return false;
    if (creds.identitytoken) return this.tokens.get(creds.identitytoken)?.host === registry.host;
    // The legacy `registrytoken`: a bearer token the registry handed out earlier.
    if (creds.registrytoken && !creds.username) return this.tokens.get(creds.registrytoken)?.host === registry.host;
    const user = registry.users?.find((u) => u.username === creds.username);
    return !!user && user.password === creds.password;
  }
}
