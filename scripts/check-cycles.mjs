#!/usr/bin/env node
// Fails when any module under the given folders (src, test, bench and scripts by default) reaches
// itself through its own imports. The graph is TypeScript's own view of each file's imports and
// re-exports (type-only ones too: a cycle of types is still two modules that cannot be understood
// apart), relative specifiers only, `.js` resolved to the `.ts` or `.tsx` beside it. Run by
// `npm run check` and .ci/run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE = /\.(?:ts|tsx|mts)$/;

function sourceFiles(folder) {
  const files = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(path));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file a relative specifier names, or undefined when it names none of ours. */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(from), specifier);
  const stem = target.replace(/\.(?:js|jsx|mjs)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, target, join(target, 'index.ts')]) {
    if (SOURCE.test(candidate) && isFile(candidate)) return candidate;
  }
  return undefined;
}

/** Each file's imports within the graph, from TypeScript's pre-processor (imports, re-exports, import()). */
export function importGraph(folders) {
  const files = folders.flatMap((folder) => sourceFiles(resolve(folder)));
  const graph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const reference of info.importedFiles) {
      const target = resolveSpecifier(file, reference.fileName);
      if (target !== undefined) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/**
 * Every cycle, one per strongly connected component (Tarjan), each as the path around it from its
 * first file in name order. A file that imports itself is a cycle of one.
 */
export function findCycles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  // Iterative, so a long chain of imports cannot overflow the call stack.
  for (const root of [...graph.keys()].sort()) {
    if (index.has(root)) continue;
    const work = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next];
        frame.next += 1;
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node), low.get(frame.node)));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components
    .map((component) => cycleThrough(graph, new Set(component)))
    .sort((a, b) => a[0].localeCompare(b[0]));
}

/** A shortest way around a strongly connected component, from its first file back to it. */
function cycleThrough(graph, members) {
  const start = [...members].sort()[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [];
        for (let at = node; at !== null; at = previous.get(at)) path.unshift(at);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const folders = process.argv.slice(2);
  const root = process.cwd();
  const graph = importGraph(folders.length > 0 ? folders : ['src', 'test', 'bench', 'scripts']);
  const cycles = findCycles(graph);
  if (cycles.length === 0) {
    console.log(`check-cycles: no import cycles among ${graph.size} files`);
  } else {
    console.error(`check-cycles: ${cycles.length} import cycle(s):`);
    for (const cycle of cycles) console.error(`  ${cycle.map((file) => relative(root, file)).join(' -> ')}`);
    process.exit(1);
  }
}
