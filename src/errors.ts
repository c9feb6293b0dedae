// User mistakes (bad input, unknown app, missing file) are UserErrors: the CLI prints the
// message alone and exits 2. Anything else that fails at run time exits 1.

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string, readonly exitCode: 1 | 2 = 2) {
    super(message);
  }
}

/** A run-time failure the user should see without a stack trace (no daemon, aborted reload). */
export class RuntimeError extends UserError {
  constructor(message: string) {
    super(message, 1);
  }
}
