// `clmon run` as PID 1 of a container (docs/cli.md#run-target-args): orphaned grandchildren are re-parented to PID
// 1, and Node cannot reap a child it did not spawn (libuv waits only for its own pids), so they
// would pile up as zombies. As PID 1, clmon therefore re-runs itself under this tiny init: a
// Perl one-file program (perl-base is in every Debian/Ubuntu image) that makes itself a child
// subreaper (prctl PR_SET_CHILD_SUBREAPER), runs clmon, forwards the stop signals to it, reaps
// every process that ends below it, and exits with clmon's code. Without perl (Alpine), clmon
// warns at start: run the container with an init (`docker run --init`, tini).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Set in the environment of the clmon that runs under the shim. */
export const SHIM_ENV = 'CLMON_INIT_SHIM';

/** prctl's syscall number per architecture (x86_64, and the generic table of arm64 / riscv64). */
const PRCTL: Partial<Record<NodeJS.Architecture, number>> = { x64: 157, arm64: 167, riscv64: 167, ia32: 172 };

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

const SHIM = String.raw`
use strict; use POSIX ();
my $nr = shift @ARGV;
syscall($nr, 36, 1, 0, 0, 0) == 0 or warn "clmon init: cannot become a child subreaper: $!\n";
my $main = fork();
die "clmon init: fork: $!\n" unless defined $main;
if ($main == 0) { exec { $ARGV[0] } @ARGV; die "clmon init: cannot run $ARGV[0]: $!\n"; }
for my $sig (qw(TERM INT HUP QUIT USR1 USR2)) { $SIG{$sig} = sub { kill $sig, $main; }; }
while (1) {
  my $pid = waitpid(-1, 0);
  if ($pid == -1) { next if $!{EINTR}; exit 1; }
  next unless $pid == $main;
  my $code = POSIX::WIFEXITED($?) ? POSIX::WEXITSTATUS($?) : 128 + POSIX::WTERMSIG($?);
  1 while waitpid(-1, POSIX::WNOHANG()) > 0;
  exit $code;
}
`;

export type Pid1Plan = { kind: 'shim'; done: Promise<never> } | { kind: 'warn'; message: string } | { kind: 'none' };

/** As PID 1 (and not yet under the shim): re-run this command under it, or say why not. */
export function planPid1(): Pid1Plan {
  if (process.pid !== 1 || process.env[SHIM_ENV]) return { kind: 'none' };
  const perl = onPath('perl');
  const prctl = PRCTL[process.arch];
  if (!perl || prctl === undefined) {
    return {
      kind: 'warn',
      message:
        `clmon runs as PID 1 without an init${perl ? '' : ' (no perl for its own init shim)'}: orphaned grandchildren will not be reaped and pile up as zombies; ` +
        'run the container with an init: `docker run --init`, or tini as the ENTRYPOINT (see examples/Dockerfile)',
    };
  }
  const child = spawn(perl, ['-e', SHIM, String(prctl), process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [SHIM_ENV]: '1' },
  });
  // PID 1 ignores signals it has no handler for: forward each one to the shim (and so to clmon).
  for (const signal of SIGNALS) process.on(signal, () => child.kill(signal));
  const done = new Promise<never>(() => {
    child.once('exit', (code, signal) => process.exit(code ?? (signal ? 128 + signalNumber(signal) : 1)));
    child.once('error', (err) => {
      process.stderr.write(`clmon: cannot start the init shim (${err.message})\n`);
      process.exit(1);
    });
  });
  return { kind: 'shim', done };
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}
