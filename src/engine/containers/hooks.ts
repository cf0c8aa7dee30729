/**
 * Where other parts of the engine join the container lifecycle (networks attach
 * endpoints, volumes mount trees, published ports listen), without the runtime
 * knowing them. Each hook may throw an EngineError to refuse the step.
 */
import type { Container } from './container.js';
import type { CreateRequest } from './create-spec.js';

export interface ContainerHooks {
  /** After the Container object exists, before it is stored and announced. */
  created?(container: Container, request: CreateRequest): void;
  /** Before the main process starts (after a restart too). */
  starting?(container: Container): void;
  /** After the main process exited (restarts included). */
  stopped?(container: Container): void;
  /** While the container is being removed. */
  removing?(container: Container, options: { removeVolumes: boolean }): void;
}
