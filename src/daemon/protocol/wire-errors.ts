// Errors across the socket: a ClmonError keeps its exit code (usage = 2, runtime = 1), so that
// `clmon scale web x` against the daemon fails exactly like it would in-process.
import { ClmonError, messageOf, RuntimeError, UserError } from '../../errors.js';
import type { WireError } from './messages.js';

/** A malformed message: missing fields, wrong types, unknown method. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** The wire form of any error thrown by a handler; never throws. */
export function toWireError(err: unknown): WireError {
  if (err instanceof ProtocolError) return { code: 'protocol', message: err.message };
  if (err instanceof ClmonError) return { code: err.exitCode === 2 ? 'usage' : 'runtime', message: err.message };
  return { code: 'runtime', message: `internal error: ${messageOf(err)}` };
}

/** The error a client throws for an error reply (usage → exit 2, the rest → exit 1). */
export function fromWireError(wire: unknown): ClmonError {
  const error = (wire ?? {}) as Partial<WireError>;
  const message = typeof error.message === 'string' ? error.message : 'the supervisor sent an error without a message';
  if (error.code === 'usage') return new UserError(message);
  if (error.code === 'protocol') return new RuntimeError(`control protocol error: ${message}`, { code: 'protocol' });
  return new RuntimeError(message);
}
