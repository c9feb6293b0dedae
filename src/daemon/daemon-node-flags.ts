// The Node flags the daemon process runs with (spawn-daemon.ts, and the systemd unit of `clmon
// startup`). A daemon lives for months, allocates in bursts (a log flood: every line a string and
// a LogLine; a restart loop: every exit a child process) and is judged by its resident memory
// (BENCHMARKS.md: "daemon RSS"). With V8's defaults the young generation grows to 2 × 16 MiB
// during a flood and the old generation keeps the pages it grew to: peak RSS 89 MiB for 2 × 200k
// lines (idle 56), and a restart loop's RSS rose from 63 to 85 MiB in 430 restarts while the live
// heap stayed at 6 MiB. --optimize-for-size keeps the young generation at 2 × 1 MiB and grows
// the heap less eagerly: flood peak 67–71 MiB, restart loop flat at 58–59 MiB. The price: the
// daemon spends ~1.6× the CPU on a flood (more young collections) and its lines reach the disk
// ~20 % later (measured on a loaded 2-core machine; issue #13's note). Workers never inherit
// these flags: they are spawned with an execArgv of their own (worker-process.ts).
export const DAEMON_NODE_FLAGS: readonly string[] = ['--optimize-for-size'];
