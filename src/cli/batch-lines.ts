/**
 * The per-line work of `recommend --batch`, shared by the main thread and the worker threads: each
 * non-blank NDJSON line becomes a recommendation@1 line or a stepdown/error@1 line, packed into
 * large buffers, with the problems to report on stderr.
 */
import { parseAssessment } from '../core/assessment.js';
import { recommendPlacementJson } from '../core/engine.js';
import { locateJsonSyntaxError } from '../core/json-syntax.js';
import type { CompiledRuleSet } from '../core/ruleset.js';
import type { FieldIssue } from '../core/validation.js';
import { LinePacker } from './ndjson-lines.js';

export interface LineReport {
  line: number;
  issues: string[];
}

export interface BatchPart {
  buffers: Buffer[];
  recommended: number;
  invalid: number;
  reports: LineReport[];
}

export function issueLines(issues: FieldIssue[], prefix = ''): string[] {
  return issues.map((issue) => `${prefix}${issue.path}: ${issue.message}`);
}

/** The output line for one input line (numbered `line`), or undefined for a blank line. */
export function answerLine(
  text: string,
  line: number,
  ruleset: CompiledRuleSet,
  report: (line: number, issues: string[]) => void,
): { output: string; ok: boolean } | undefined {
  if (text.trim() === '') return undefined;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    const problem = locateJsonSyntaxError(text);
    const message = problem ? `invalid JSON at column ${problem.column}: ${problem.message}` : 'invalid JSON';
    report(line, [message]);
    return {
      output: JSON.stringify({ schema: 'stepdown/error@1', line, issues: [{ path: '(root)', message }] }),
      ok: false,
    };
  }
  const parsed = parseAssessment(document);
  if (!parsed.ok) {
    report(line, issueLines(parsed.issues));
    return { output: JSON.stringify({ schema: 'stepdown/error@1', line, issues: parsed.issues }), ok: false };
  }
  return { output: recommendPlacementJson(parsed.value, ruleset), ok: true };
}

/** Answers a run of consecutive lines, the first numbered `firstLine`. */
export function answerLines(lines: readonly string[], firstLine: number, ruleset: CompiledRuleSet): BatchPart {
  const packer = new LinePacker();
  const part: BatchPart = { buffers: [], recommended: 0, invalid: 0, reports: [] };
  const report = (line: number, issues: string[]) => part.reports.push({ line, issues });
  lines.forEach((text, index) => {
    const answer = answerLine(text, firstLine + index, ruleset, report);
    if (!answer) return;
    if (answer.ok) part.recommended++;
    else part.invalid++;
    const full = packer.add(answer.output);
    if (full) part.buffers.push(full);
  });
  const rest = packer.take();
  if (rest) part.buffers.push(rest);
  return part;
}
