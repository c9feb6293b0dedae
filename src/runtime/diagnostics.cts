// On-demand diagnostics inside a worker (docs/supervision.md#crash-forensics-and-diagnostics), loaded by the worker helper: a CPU profile
// through node:inspector, a heap snapshot, and the inspector opened on 127.0.0.1. No code change
// in the app. Big results go to a file here (written as `<out>.partial`, 0600, then renamed: a
// snapshot holds every string of the heap); only paths and status travel over IPC.
//   supervisor → helper: { clmon: 'profile', request, durationMs, out }
//                        { clmon: 'heapsnapshot', request, out }
//                        { clmon: 'inspect', request, close? }
//   helper → supervisor: { clmon: 'diagnostics-result', request, ok, path?, bytes?, url?, error? }
// Nothing here runs before a command arrives: an app that is never profiled pays nothing.
import fs = require('node:fs');
import inspector = require('node:inspector');
import v8 = require('node:v8');
import { pipeline } from 'node:stream';
import { onCommand, report } from './helper-ipc.cjs';

let profiling = false;
let snapshotting = false;

onCommand('profile', (message) => {
  const request = message.request;
  const durationMs = Number(message.durationMs);
  const out = String(message.out);
  if (profiling) return fail(request, 'a CPU profile of this worker is already being taken');
  profiling = true;
  const session = new inspector.Session();
  const done = (error: string | null, profile?: unknown): void => {
    profiling = false;
    session.disconnect();
    if (error !== null) return fail(request, error);
    writeResult(request, out, (file, cb) => fs.writeFile(file, JSON.stringify(profile), { mode: 0o600 }, cb));
  };
  try {
    session.connect();
  } catch (err) {
    profiling = false;
    return fail(request, `cannot connect to the inspector: ${messageOf(err)}`);
  }
  session.post('Profiler.enable', (enableErr) => {
    if (enableErr) return done(`Profiler.enable: ${enableErr.message}`);
    session.post('Profiler.start', (startErr) => {
      if (startErr) return done(`Profiler.start: ${startErr.message}`);
      // unref: a profile must not keep an app alive that would otherwise end
      setTimeout(() => {
        session.post('Profiler.stop', (stopErr, result) => {
          if (stopErr) return done(`Profiler.stop: ${stopErr.message}`);
          done(null, result.profile);
        });
      }, durationMs).unref();
    });
  });
});

onCommand('heapsnapshot', (message) => {
  const request = message.request;
  const out = String(message.out);
  if (snapshotting) return fail(request, 'a heap snapshot of this worker is already being written');
  snapshotting = true;
  writeResult(request, out, (file, cb) => {
    // the snapshot is taken here, synchronously (the pause), then streamed to the file
    let stream: NodeJS.ReadableStream;
    try {
      stream = v8.getHeapSnapshot();
    } catch (err) {
      snapshotting = false;
      return cb(err as Error);
    }
    pipeline(stream, fs.createWriteStream(file, { mode: 0o600 }), (err) => {
      snapshotting = false;
      cb(err ?? null);
    });
  });
});

onCommand('inspect', (message) => {
  const request = message.request;
  try {
    if (message.close === true) {
      inspector.close();
      return void report('diagnostics-result', { request, ok: true, url: null });
    }
    if (!inspector.url()) inspector.open(0, '127.0.0.1', false);
    report('diagnostics-result', { request, ok: true, url: inspector.url() ?? null });
  } catch (err) {
    fail(request, `cannot open the inspector: ${messageOf(err)}`);
  }
});

/** Write `out` through a temporary file, then report its path and size (or why it failed). */
function writeResult(request: unknown, out: string, write: (file: string, cb: (err: Error | null) => void) => void): void {
  const partial = `${out}.partial`;
  write(partial, (err) => {
    if (err) {
      fs.rm(partial, { force: true }, () => fail(request, `cannot write ${out}: ${err.message}`));
      return;
    }
    fs.rename(partial, out, (renameErr) => {
      if (renameErr) return fail(request, `cannot write ${out}: ${renameErr.message}`);
      fs.stat(out, (_statErr, stat) => report('diagnostics-result', { request, ok: true, path: out, bytes: stat?.size ?? null }));
    });
  });
}

function fail(request: unknown, error: string): void {
  report('diagnostics-result', { request, ok: false, error });
}

/** errors.ts has the same; this file runs inside workers and loads nothing of clmon but the helper. */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
