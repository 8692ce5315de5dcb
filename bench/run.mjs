#!/usr/bin/env node
// `npm run bench [-- NAME... --option value...]`: runs every benchmark in bench/ (each bench/NAME.mjs
// but this file), or only the ones named, one after the other, each in its own Node process so one
// cannot warm up or slow down the next. Every other argument is passed on to each benchmark:
//   npm run bench -- engine --count 100000
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.mjs') && file !== 'run.mjs')
  .map((file) => basename(file, '.mjs'))
  .sort();

const names = [];
const passOn = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (available.includes(arg)) names.push(arg);
  else if (arg.startsWith('-')) {
    passOn.push(arg);
    // The value of `--option value`, unless it is itself an option or a benchmark's name.
    const next = args[i + 1];
    if (!arg.includes('=') && next !== undefined && !next.startsWith('-') && !available.includes(next)) {
      passOn.push(next);
      i++;
    }
  } else {
    console.error(`bench: no benchmark named "${arg}"; there are: ${available.join(', ')}`);
    process.exit(2);
  }
}

let failed = 0;
for (const name of names.length > 0 ? names : available) {
  console.log(`\n== bench/${name}.mjs ${passOn.join(' ')}`.trimEnd());
  const result = spawnSync(process.execPath, [join(here, `${name}.mjs`), ...passOn], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${name}.mjs failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
