/** dockerd's swarm error texts (daemon/cluster/errors.go and swarmkit's gRPC errors). */
import { EngineError, conflict, invalidParameter, notFound, systemError, unavailable } from '../errors.js';

export const NOT_MANAGER =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
export const NOT_IN_SWARM = 'This node is not part of a swarm';
export const ALREADY_IN_SWARM =
  'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';
export const LEAVE_MANAGER = 'You are attempting to leave the swarm on a node that is participating as a manager. ';
export const LEAVE_LAST_MANAGER = `${LEAVE_MANAGER}Removing the last manager erases all current state of the swarm. Use \`--force\` to ignore this message. `;
export const LEAVE_QUORUM = (left: number, of: number) =>
  `Removing this node leaves ${left} managers out of ${of}. Without a Raft quorum your swarm will be inaccessible. `;
export const LEAVE_CONSENSUS =
  'The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.';
export const NO_LEADER =
  "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";

export const notManager = () => unavailable(NOT_MANAGER);
export const outOfSequence = () => systemError('rpc error: code = Unknown desc = update out of sequence');
export const rpcInvalid = (desc: string) => invalidParameter(`rpc error: code = InvalidArgument desc = ${desc}`);
export const rpcAlreadyExists = (desc: string) => conflict(`rpc error: code = AlreadyExists desc = ${desc}`);
export const rpcFailedPrecondition = (desc: string) => invalidParameter(`rpc error: code = FailedPrecondition desc = ${desc}`);
export const rpcNotFound = (desc: string) => notFound(`rpc error: code = NotFound desc = ${desc}`);
export { EngineError, notFound, invalidParameter, conflict, unavailable, systemError };

/** swarmkit's object name rule (secrets, configs). */
export function validateObjectName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw rpcInvalid('name must be provided');
  if (name.length > 64 || !/^[a-zA-Z0-9](?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/.test(name)) {
    throw rpcInvalid('invalid name, only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]');
  }
  return name;
}
