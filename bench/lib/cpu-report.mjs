// Preloaded into the benchmark's child processes (node --import): on exit, writes the process's CPU
// time, user and system across all its threads, in microseconds, to the file named by
// STEPDOWN_BENCH_CPU_FILE. Wall-clock time on a busy machine says little on its own.
import { writeFileSync } from 'node:fs';

const file = process.env.STEPDOWN_BENCH_CPU_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.cpuUsage())));
