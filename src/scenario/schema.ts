/**
 * The JSON Schema of scenario files. This object is the source of truth;
 * `scenarios/schema.json` is a copy for editors (a test keeps the two equal), e.g.
 * `# yaml-language-server: $schema=./schema.json` at the top of a scenario.
 *
 * Every action, trigger and condition is an object with exactly one (or a few known)
 * keys, never a oneOf, so a typo is reported as "unknown field X; expected one of ...".
 * `x-expected` says in words what a string pattern wants.
 */
type Schema = Record<string, unknown>;

const duration: Schema = {
  anyOf: [
    { type: 'string', pattern: '^((\\d+(\\.\\d+)?)(ns|us|µs|ms|s|m|h))+$' },
    { type: 'integer', minimum: 0 },
  ],
  'x-expected': 'a duration such as 500ms, 5s, 1m30s or a number of milliseconds',
};
const size: Schema = {
  anyOf: [{ type: 'string', pattern: '^\\d+(\\.\\d+)?\\s*([kKmMgGtT]i?[bB]?|[bB])?$' }, { type: 'integer', minimum: 0 }],
  'x-expected': 'a size such as 64MiB, 512m, 1GB or a number of bytes',
};
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const stringList: Schema = { type: 'array', items: { type: 'string' } };
const command: Schema = { anyOf: [{ type: 'string' }, stringList], 'x-expected': 'a command line (string) or an argv list' };
const oneOrMore = (item: Schema): Schema => ({ anyOf: [item, { type: 'array', items: item, minItems: 1 }], 'x-expected': 'one value or a list' });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  additionalProperties: false,
  ...(required.length ? { required } : {}),
});
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

const containerMatch = obj({
  image: { type: 'string', description: 'Image reference; * is a wildcard' },
  name: { type: 'string', description: 'Container name without the slash; * is a wildcard' },
  label: stringMap,
  command: { type: 'string', description: 'Substring of the command line' },
  service: { type: 'string', description: 'Swarm service name (tasks of the service)' },
  node: { type: 'string', description: 'Hostname of the node the container runs on; * is a wildcard' },
});

const eventType: Schema = { type: 'string', enum: ['builder', 'config', 'container', 'daemon', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'volume'] };
const eventMatch = obj({
  type: eventType,
  action: { type: 'string', description: 'Action, or its prefix before ":" (health_status); * is a wildcard' },
  actor: { type: 'string', description: 'Actor ID, or the name attribute' },
  label: stringMap,
  attributes: stringMap,
});

const requestMatch = obj({
  method: { type: 'string', pattern: '^[A-Za-z]+$', 'x-expected': 'an HTTP method such as GET or POST' },
  path: { type: 'string', description: 'Path without the /v1.NN prefix; * matches one segment, ** any number' },
  query: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  header: stringMap,
  body: { type: 'object', description: 'JSON body fields (dotted paths) and the value they must have' },
  apiVersion: { type: 'string', pattern: '^(<=|>=|<|>|=)?\\d+\\.\\d+$', 'x-expected': 'an API version such as 1.41, >=1.44 or <1.40' },
});

const fault = obj(
  {
    id: { type: 'string' },
    match: requestMatch,
    after: { type: 'integer', minimum: 0, description: 'Let this many matching calls through first' },
    times: { type: 'integer', minimum: 1, description: 'Apply to at most this many calls' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    message: { type: 'string', description: 'The {"message"} of the error answer' },
    delay: duration,
    drop: { type: 'boolean', description: 'Close the connection without an answer' },
    truncate: { type: 'integer', minimum: 0, description: 'End the response body after this many bytes' },
    corrupt: { type: 'boolean', description: 'Flip bytes in the response body' },
    progressError: obj({ message: { type: 'string' }, afterLines: { type: 'integer', minimum: 0 } }, ['message']),
  },
  ['match'],
);

const behaviour = obj(
  {
    match: containerMatch,
    output: {
      type: 'array',
      items: obj({ line: { type: 'string' }, stream: { enum: ['stdout', 'stderr'] }, after: duration }, ['line']),
    },
    exit: obj({ code: { type: 'integer', minimum: 0, maximum: 255 }, after: duration }, ['code']),
    oom: obj({ after: duration }),
    health: { type: 'array', items: obj({ status: { enum: ['starting', 'healthy', 'unhealthy'] }, after: duration }, ['status']) },
    memory: obj({ base: size, growPerSecond: size }),
    cpuPercent: { type: 'number', minimum: 0 },
    stopSignals: stringList,
    stopExitCode: { type: 'integer', minimum: 0, maximum: 255 },
  },
  ['match'],
);

const nodeRef = { type: 'string', description: 'Node hostname or ID' };
const containerRef: Schema = { type: 'string', description: 'Container name or ID' };

const action: Schema = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    'node.down': oneOrMore(nodeRef),
    'node.up': oneOrMore(nodeRef),
    'node.drain': oneOrMore(nodeRef),
    'node.activate': oneOrMore(nodeRef),
    'node.add': ref('node'),
    partition: oneOrMore(nodeRef),
    heal: oneOrMore(nodeRef),
    'container.exit': obj({ container: containerRef, code: { type: 'integer', minimum: 0, maximum: 255 } }, ['container', 'code']),
    'container.oom': containerRef,
    'container.log': obj({ container: containerRef, lines: stringList, stream: { enum: ['stdout', 'stderr'] } }, ['container', 'lines']),
    'container.health': obj({ container: containerRef, status: { enum: ['starting', 'healthy', 'unhealthy'] } }, ['container', 'status']),
    'container.start': containerRef,
    'container.stop': containerRef,
    'daemon.restart': { type: ['object', 'null'], additionalProperties: false, properties: {} },
    'registry.down': { type: 'string', description: 'Registry host' },
    'registry.up': { type: 'string' },
    'volume.full': { type: 'string', description: 'Volume name' },
    'volume.free': { type: 'string' },
    'clock.advance': duration,
    'fault.add': fault,
    'fault.remove': { type: 'string', description: 'Fault rule id' },
    'service.update': obj({ service: { type: 'string' }, image: { type: 'string' }, env: stringList, replicas: { type: 'integer', minimum: 0 } }, ['service']),
    'service.scale': obj({ service: { type: 'string' }, replicas: { type: 'integer', minimum: 0 } }, ['service', 'replicas']),
    event: obj({ type: eventType, action: { type: 'string' }, id: { type: 'string' }, attributes: stringMap, scope: { enum: ['local', 'swarm'] } }, ['type', 'action']),
  },
  'x-expected': 'one action',
};

const condition: Schema = obj({
  service: { type: 'string' },
  runningTasks: { type: 'integer', minimum: 0 },
  updateState: { enum: ['updating', 'paused', 'completed', 'rollback_started', 'rollback_paused', 'rollback_completed'] },
  tasksInState: obj({ state: { type: 'string' }, count: { type: 'integer', minimum: 0 }, atLeast: { type: 'integer', minimum: 0 } }, ['state']),
  container: containerRef,
  status: { enum: ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead', 'missing'] },
  exitCode: { type: 'integer' },
  oomKilled: { type: 'boolean' },
  health: { enum: ['starting', 'healthy', 'unhealthy', 'none'] },
  restartCount: obj({ atLeast: { type: 'integer', minimum: 0 }, atMost: { type: 'integer', minimum: 0 } }),
  node: nodeRef,
  state: { enum: ['ready', 'down', 'unknown', 'disconnected'] },
  availability: { enum: ['active', 'pause', 'drain'] },
  leader: { type: 'boolean' },
  quorum: { type: 'boolean', description: 'The swarm has (true) or has lost (false) a quorum of managers' },
  registry: { type: 'string' },
  down: { type: 'boolean' },
  events: obj({ match: eventMatch, count: { type: 'integer', minimum: 0 }, atLeast: { type: 'integer', minimum: 0 }, atMost: { type: 'integer', minimum: 0 } }, ['match']),
  requests: obj({ match: requestMatch, status: { type: 'integer' }, count: { type: 'integer', minimum: 0 }, atLeast: { type: 'integer', minimum: 0 }, atMost: { type: 'integer', minimum: 0 } }, ['match']),
  containers: obj({ match: containerMatch, status: { type: 'string' }, count: { type: 'integer', minimum: 0 }, atLeast: { type: 'integer', minimum: 0 } }),
  clock: obj({ atLeast: duration }),
});

const trigger: Schema = obj({
  event: obj({ ...(eventMatch.properties as Record<string, Schema>), nth: { type: 'integer', minimum: 1 } }),
  request: obj({ ...(requestMatch.properties as Record<string, Schema>), nth: { type: 'integer', minimum: 1 } }),
  state: condition,
});

const step: Schema = obj(
  {
    name: { type: 'string' },
    at: duration,
    on: trigger,
    repeat: { type: 'boolean', description: 'Fire on every match, not only the first' },
    do: { type: 'array', items: action, minItems: 1 },
  },
  ['do'],
);

const node: Schema = obj({
  hostname: { type: 'string' },
  count: { type: 'integer', minimum: 1, description: 'This many nodes; {n} in hostname is replaced by 1..count' },
  role: { enum: ['manager', 'worker'] },
  labels: stringMap,
  engineLabels: stringMap,
  resources: obj({ cpus: { type: 'number', exclusiveMinimum: 0 }, memory: size }),
});

const registry: Schema = obj(
  {
    host: { type: 'string' },
    down: { type: 'boolean' },
    pullLimit: { type: 'integer', minimum: 0, description: 'Pulls before toomanyrequests' },
    requireAuth: { type: 'boolean' },
    users: { type: 'array', items: obj({ username: { type: 'string' }, password: { type: 'string' } }, ['username', 'password']) },
    stepMs: { type: 'integer', minimum: 0 },
    brokenRepositories: { type: 'array', items: obj({ repository: { type: 'string' }, message: { type: 'string' } }, ['repository']) },
  },
  ['host'],
);

const containerSpec: Schema = obj(
  {
    name: { type: 'string' },
    image: { type: 'string' },
    command: command,
    entrypoint: command,
    env: stringList,
    labels: stringMap,
    restart: { type: 'string', pattern: '^(no|always|unless-stopped|on-failure(:\\d+)?)$', 'x-expected': 'no, always, unless-stopped or on-failure[:N]' },
    memory: size,
    tty: { type: 'boolean' },
    healthcheck: obj({ test: command, interval: duration, timeout: duration, retries: { type: 'integer', minimum: 0 }, startPeriod: duration }, ['test']),
    start: { type: 'boolean', description: 'Start it (default true)' },
    node: nodeRef,
  },
  ['image'],
);

const serviceSpec: Schema = obj(
  {
    name: { type: 'string' },
    image: { type: 'string' },
    command: command,
    env: stringList,
    labels: stringMap,
    replicas: { type: 'integer', minimum: 0 },
    mode: { enum: ['replicated', 'global'] },
    constraints: stringList,
    restartPolicy: obj({ condition: { enum: ['none', 'on-failure', 'any'] }, delay: duration, maxAttempts: { type: 'integer', minimum: 0 } }),
    update: obj({ parallelism: { type: 'integer', minimum: 0 }, delay: duration, failureAction: { enum: ['pause', 'continue', 'rollback'] }, order: { enum: ['stop-first', 'start-first'] } }),
  },
  ['name', 'image'],
);

export const SCENARIO_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://mockerd.dev/schemas/scenario.json',
  title: 'mockerd scenario',
  description: 'Topology, initial objects, scripted failures and expectations for an in-memory Docker daemon.',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  definitions: { node, action, condition, fault, behaviour, step },
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    seed: { type: 'integer', minimum: 0 },
    clock: { enum: ['real', 'virtual'] },
    duration: { ...duration, description: 'How long run-scenario runs (engine time; default: the last step + 1m)' },
    topology: obj({
      swarm: { type: 'boolean', description: 'Initialise a swarm over the nodes' },
      classic: { type: 'boolean', description: 'Classic (non-swarm) mode: one engine, no swarm; nodes must be absent (for classic standalone Swarm see mode)' },
      mode: { enum: ['engine', 'classic'], description: 'classic: one endpoint presents every node as classic (standalone) Swarm did, like mockerd --mode classic' },
      strategy: { enum: ['spread', 'binpack', 'random'], description: 'Classic mode placement strategy (default spread), like mockerd --strategy' },
      nodes: { type: 'array', items: ref('node'), minItems: 1 },
    }),
    images: stringList,
    registries: { type: 'array', items: registry },
    containers: { type: 'array', items: containerSpec },
    networks: { type: 'array', items: obj({ name: { type: 'string' }, driver: { type: 'string' }, labels: stringMap }, ['name']) },
    volumes: { type: 'array', items: obj({ name: { type: 'string' }, driver: { type: 'string' }, labels: stringMap, size: size }, ['name']) },
    services: { type: 'array', items: serviceSpec },
    secrets: { type: 'array', items: obj({ name: { type: 'string' }, data: { type: 'string' }, labels: stringMap }, ['name', 'data']) },
    faults: { type: 'array', items: ref('fault') },
    behaviours: { type: 'array', items: ref('behaviour') },
    timeline: { type: 'array', items: ref('step') },
    expect: { type: 'array', items: ref('condition') },
  },
};
