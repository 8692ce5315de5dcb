// What the database benchmarks share: running one benchmark on a scratch SQLite file and, when a
// PostgreSQL server is given, on a scratch database created on it (dropped after), and the p50 /
// p95 / max of a list of timings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Calls `run(label, location, cleanup)` for SQLite in a scratch folder, then for PostgreSQL in a
 * scratch database at `postgresUrl` when it is given (else says it was skipped). `run` calls
 * `cleanup` when it is done with the database.
 */
export async function onEachEngine(prefix, postgresUrl, run) {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  await run('sqlite', { kind: 'sqlite', path: join(dir, 'bench.db') }, async () =>
    rmSync(dir, { recursive: true, force: true }),
  );
  if (!postgresUrl) {
    console.log('postgres: skipped (pass --postgres URL of a server where a scratch database may be created)');
    return;
  }
  const name = `stepdown_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(postgresUrl);
  target.pathname = `/${name}`;
  await run('postgres', { kind: 'postgres', url: target.toString() }, async () => {
    const again = new pg.Client({ connectionString: postgresUrl });
    await again.connect();
    await again.query(`drop database if exists ${name} with (force)`);
    await again.end();
  });
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The p50, p95 and max of a list of timings. */
export function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) };
}
