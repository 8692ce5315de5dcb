/**
 * A worker thread of `recommend --batch`: receives the rule set once, then runs of lines, and sends
 * back their packed output. The buffers are transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileRuleSet, type RuleSetDocument } from '../core/ruleset.js';
import { answerLines } from './batch-lines.js';

export interface BatchJob {
  seq: number;
  firstLine: number;
  lines: string[];
}

const compiled = compileRuleSet(workerData as RuleSetDocument);
if (!compiled.ok) throw new Error('the rule set given to the batch worker is invalid');
const ruleset = compiled.value;

parentPort?.on('message', (job: BatchJob) => {
  const part = answerLines(job.lines, job.firstLine, ruleset);
  const transfer = part.buffers.map((buffer) => buffer.buffer as ArrayBuffer);
  parentPort?.postMessage(
    {
      seq: job.seq,
      part: { ...part, buffers: part.buffers.map((b) => ({ offset: b.byteOffset, length: b.length, data: b.buffer })) },
    },
    transfer,
  );
});
