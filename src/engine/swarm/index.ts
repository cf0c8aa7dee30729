export { Swarm, type SwarmOptions } from './swarm.js';
export { nodeView, serviceView, swarmView, swarmInfoView, taskView, secretView } from './views.js';
export type { Service, Task, TaskState, SecretOrConfig } from './types.js';
