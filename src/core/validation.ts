/**
 * One way to report invalid input everywhere: a list of issues, each naming the field by its
 * JSON path (`ratings.d3`) with a short message (`required`). The CLI prints them one per line; the
 * server returns them in a problem document; the browser shows them beside the field.
 */
import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted JSON path of the field, with array indexes as numbers (`slots.2.start`); `(root)` for the document. */
  path: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Formats a path as `a.b.0.c`; the empty path is the document itself. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? '(root)' : path.map((segment) => String(segment)).join('.');
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

/** Turns one zod issue into our wording. Zod's raw messages are for developers, not users. */
/** A limit in words that say what is counted: characters of text, items of a list; a number as it is. */
function limitWords(origin: string, bound: string, limit: number | bigint): string {
  if (origin === 'string') return `must be ${bound} ${String(limit)} character${limit === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set')
    return `must have ${bound} ${String(limit)} item${limit === 1 ? '' : 's'}`;
  return `must be ${bound} ${String(limit)}`;
}

function messageFor(issue: z.core.$ZodIssue, input: unknown): string {
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return 'required';
  switch (issue.code) {
    case 'invalid_type':
      // JSON.parse turns a number too large for a double (1e400) into Infinity.
      if (typeof input === 'number' && !Number.isFinite(input)) return 'must be a finite number';
      if (issue.expected === 'int')
        return typeof input === 'number'
          ? 'must be a whole number'
          : `must be a whole number, not ${describeType(input)}`;
      return `must be ${articleFor(issue.expected)}, not ${describeType(input)}`;
    case 'too_small':
      return limitWords(issue.origin, issue.inclusive === false ? 'more than' : 'at least', issue.minimum);
    case 'too_big':
      return limitWords(issue.origin, issue.inclusive === false ? 'less than' : 'at most', issue.maximum);
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return 'unknown field';
    case 'invalid_format':
      return issue.message && !issue.message.startsWith('Invalid') ? issue.message : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
      return issue.message;
  }
}

function articleFor(expected: string): string {
  switch (expected) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** Converts zod issues to field issues; unknown keys become one issue per key. */
export function toFieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length === 0 && 'options' in issue) {
      // A discriminated union whose discriminator (`schema`) matched no option.
      const value = valueAt(input, issue.path);
      const options = Array.isArray(issue.options) ? (issue.options as unknown[]) : [];
      issues.push({
        path: formatPath(issue.path),
        message:
          value === undefined ? 'required' : `must be one of ${options.map((v) => JSON.stringify(v)).join(', ')}`,
      });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A union reports every branch; the message of the closest branch is the useful one.
      issues.push({ path: formatPath(issue.path), message: issue.message });
      continue;
    }
    issues.push({ path: formatPath(issue.path), message: messageFor(issue, valueAt(input, issue.path)) });
  }
  return issues;
}

/** Parses with a schema and reports every issue by path. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: toFieldIssues(result.error, input) };
}
