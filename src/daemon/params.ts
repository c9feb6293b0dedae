// Checks on request parameters: a client bug becomes a protocol error naming the field,
// never an exception deep inside the supervisor.
import type { LogStream } from '../model/types.js';
import { ProtocolError } from './protocol/wire-errors.js';

export type Params = Record<string, unknown>;

/** A required string parameter. */
export function stringParam(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') {
    throw new ProtocolError(`parameter "${name}" must be a non-empty string, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

/** An optional string parameter. */
export function optionalString(params: Params, name: string): string | undefined {
  return params[name] === undefined || params[name] === null ? undefined : stringParam(params, name);
}

/** An optional integer parameter within [min, max]. */
export function intParam(params: Params, name: string, fallback: number, min: number, max: number): number {
  const value = params[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ProtocolError(`parameter "${name}" must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** An optional boolean parameter. */
export function boolParam(params: Params, name: string, fallback: boolean): boolean {
  const value = params[name] ?? fallback;
  if (typeof value !== 'boolean') throw new ProtocolError(`parameter "${name}" must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** `out`, `err` or absent. */
export function streamParam(params: Params): LogStream | undefined {
  const value = params.stream;
  if (value === undefined || value === null) return undefined;
  if (value !== 'out' && value !== 'err') throw new ProtocolError(`parameter "stream" must be "out" or "err", got ${JSON.stringify(value)}`);
  return value;
}

/** A scale count: "4", "+2", "-1" (a number is accepted too). */
export function countParam(params: Params): string {
  const value = params.count;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return stringParam(params, 'count');
}
