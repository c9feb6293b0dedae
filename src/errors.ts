// The errors clmon means to show (as commander's CommanderError does: an exit code, a code, a
// message). User mistakes (bad input, unknown app, missing file) are UserErrors: the CLI prints the
// message alone and exits 2. A run-time failure the user should see without a stack trace (no
// daemon, an aborted reload, a lost connection) is a RuntimeError: exit 1. Both are ClmonErrors;
// anything else that is thrown is a bug and is printed with its stack (docs/cli.md, "Exit codes").

export interface ClmonErrorOptions {
  /** A stable, machine-readable name of the failure (default `usage` / `runtime`). */
  code?: string;
  /** The underlying error, kept for debugging (never printed in place of the message). */
  cause?: unknown;
}

export abstract class ClmonError extends Error {
  abstract readonly exitCode: 1 | 2;
  readonly code: string;

  protected constructor(message: string, defaultCode: string, options: ClmonErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? defaultCode;
  }
}

/** A mistake of the user's: exit 2. */
export class UserError extends ClmonError {
  override readonly name = 'UserError';
  readonly exitCode = 2;

  constructor(message: string, options?: ClmonErrorOptions) {
    super(message, 'usage', options);
  }
}

/** A failure at run time that is not a bug: exit 1. */
export class RuntimeError extends ClmonError {
  override readonly name = 'RuntimeError';
  readonly exitCode = 1;

  constructor(message: string, options?: ClmonErrorOptions) {
    super(message, 'runtime', options);
  }
}

/** The message of anything thrown (an Error's message, else its string form). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The stack of an Error (else its message), for the daemon's log and internal errors. */
export function stackOf(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
