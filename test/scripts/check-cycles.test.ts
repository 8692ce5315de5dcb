// The import-cycle check CI runs (scripts/check-cycles.mjs), tried on small trees of its own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'check-cycles.mjs');
const made: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'stepdown-cycles-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(root: string) {
  const run = spawnSync(process.execPath, [script, 'src'], { cwd: root, encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('check-cycles', () => {
  it('passes a tree whose imports only go one way', () => {
    const root = tree({
      'src/a.ts': "import { b } from './b.js';\nimport { c } from './lib/c.js';\nexport const a = b + c;\n",
      'src/b.ts': "import { c } from './lib/c.js';\nexport const b = c;\n",
      'src/lib/c.ts': "import { z } from 'zod';\nexport const c = 1;\nexport type Z = typeof z;\n",
      'src/view.tsx': "import { a } from './a.js';\nexport const view = a;\n",
    });
    const result = check(root);
    expect(result.out).toContain('no import cycles among 4 files');
    expect(result.status).toBe(0);
  });

  it('fails on a cycle through three files and names the way round', () => {
    const root = tree({
      'src/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/b.ts': "import { c } from './deep/c.js';\nexport const b = () => c;\n",
      'src/deep/c.ts': "import { a } from '../a.js';\nexport const c = () => a;\n",
      'src/free.ts': 'export const free = 1;\n',
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.out).toContain('1 import cycle(s)');
    expect(result.out).toContain('src/a.ts -> src/b.ts -> src/deep/c.ts -> src/a.ts');
  });

  it('counts type-only imports, re-exports and a .tsx file', () => {
    const root = tree({
      'src/types.ts': "import type { View } from './view.js';\nexport type Props = { view: View };\n",
      'src/view.tsx': "export type { Props } from './types.js';\nexport type View = string;\n",
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.out).toContain('src/types.ts -> src/view.tsx -> src/types.ts');
  });

  it('fails on a file that imports itself and reports each cycle once', () => {
    const root = tree({
      'src/self.ts': "export { self as again } from './self.js';\nexport const self = 1;\n",
      'src/x.ts': "import { y } from './y.js';\nexport const x = y;\n",
      'src/y.ts': "import { x } from './x.js';\nexport const y = x;\n",
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.out).toContain('2 import cycle(s)');
    expect(result.out).toContain('src/self.ts -> src/self.ts');
    expect(result.out).toContain('src/x.ts -> src/y.ts -> src/x.ts');
  });
});
