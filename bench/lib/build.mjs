// Makes sure dist/ holds the current sources before a benchmark imports or runs them. bin/stepdown
// falls back to running the TypeScript through tsx when dist/ is stale, which would time tsx instead
// of the compiled code, so a stale build is rebuilt here with `npm run build` (the same rule as
// bin/stepdown: dist/.build-stamp must be at least as new as every file under src/).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestFile(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/ was built from the sources as they are now (the rule bin/stepdown applies). */
export function isFresh(root) {
  const stamp = join(root, 'dist', '.build-stamp');
  return (
    existsSync(join(root, 'dist', 'cli', 'run.js')) &&
    existsSync(stamp) &&
    statSync(stamp).mtimeMs >= newestFile(join(root, 'src'))
  );
}

/** Runs `npm run build` when dist/ is older than src/; exits the process if the build fails. */
export function ensureFreshBuild(root) {
  if (isFresh(root)) return;
  console.log('dist/ is older than src/: running npm run build');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0 || !isFresh(root)) {
    console.error('bench: npm run build failed; the benchmark needs a current build in dist/');
    process.exit(1);
  }
}
