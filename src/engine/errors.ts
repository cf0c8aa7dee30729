/**
 * Typed engine errors, in the spirit of moby's errdefs: the engine says *what kind*
 * of failure happened, and one place in the API layer maps the kind to an HTTP status.
 */
export type ErrorKind =
  | 'InvalidParameter'
  | 'NotFound'
  | 'Conflict'
  | 'Forbidden'
  | 'NotModified'
  | 'Unauthorized'
  | 'Unavailable'
  | 'NotImplemented'
  | 'System';

export class EngineError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = kind;
  }
}

export const invalidParameter = (msg: string) => new EngineError('InvalidParameter', msg);
export const notFound = (msg: string) => new EngineError('NotFound', msg);
export const conflict = (msg: string) => new EngineError('Conflict', msg);
export const forbidden = (msg: string) => new EngineError('Forbidden', msg);
export const notModified = (msg = '') => new EngineError('NotModified', msg);
export const unauthorized = (msg: string) => new EngineError('Unauthorized', msg);
export const unavailable = (msg: string) => new EngineError('Unavailable', msg);
export const notImplemented = (msg: string) => new EngineError('NotImplemented', msg);
export const systemError = (msg: string) => new EngineError('System', msg);

export function isEngineError(err: unknown): err is EngineError {
  return err instanceof EngineError;
}
