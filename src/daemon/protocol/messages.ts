// The control-socket protocol (docs/protocol.md, docs/protocol.md): newline-delimited JSON, one
// message per line, a version handshake first. Shared by the server and the client.
import type { SupervisorEvent } from '../../model/controller.js';
import type { ReloadProgress, Snapshot } from '../../model/types.js';

export const PROTOCOL_NAME = 'clmon';
export const PROTOCOL_VERSION = 1;

/** Longest line a server accepts; a longer one gets an error reply and the connection drops. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** Longest line a client accepts (a detailed snapshot or a big logs reply can be large). */
export const MAX_REPLY_BYTES = 64 * 1024 * 1024;
/** A peer that lets this much output pile up unread is disconnected, never buffered further. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export type SupervisorKind = 'daemon' | 'run';

/** Client → server, first line. */
export interface HelloRequest {
  hello: typeof PROTOCOL_NAME;
  version: number;
  /** The client's clmon version (optional: older clients do not send it). */
  clmon?: string;
}

/** Server → client, answer to the hello. */
export interface HelloReply {
  hello: typeof PROTOCOL_NAME;
  version: number;
  kind: SupervisorKind;
  pid: number;
  home: string;
  /** The server's clmon version (absent from servers older than the field). */
  clmon?: string;
  /** Set by `clmon serve --stdio`: how many supervisors of the home it serves. */
  supervisors?: number;
  /** Where its `--metrics` endpoint listens (`127.0.0.1:9100`), null without one; absent before it existed. */
  metrics?: string | null;
}

export type RequestId = number | string;

export interface Request {
  id: RequestId;
  method: string;
  params?: Record<string, unknown>;
}

/** `usage` = the caller's mistake (CLI exit 2), `runtime` = failed at run time (exit 1), `protocol` = malformed message. */
export type WireErrorCode = 'usage' | 'runtime' | 'protocol';

export interface WireError {
  message: string;
  code: WireErrorCode;
  /** On a refused hello: the protocol and clmon versions the server speaks. */
  version?: number;
  clmon?: string;
}

/** A server event on a subscribed connection; `changed` travels as a fresh detailed snapshot. */
export type WireEvent = Exclude<SupervisorEvent, { type: 'changed' }> | { type: 'snapshot'; snapshot: Snapshot };

export type ServerMessage =
  | HelloReply
  | { id: RequestId; result: unknown }
  | { id: RequestId | null; error: WireError }
  | { id: RequestId; progress: ReloadProgress }
  | { event: WireEvent };

/** One message as one line. */
export function encodeLine(message: object): string {
  return `${JSON.stringify(message)}\n`;
}
