/**
 * One clinician could freeze the server (issue 12, item 5): the largest plan a clinician may save
 * rendered as a PDF in about ten seconds on the main thread, and `/healthz` stalled for the whole
 * time. PDFs are now made on a pool of worker threads: `/healthz` keeps answering while four
 * largest-allowed PDFs render, a full queue is a 503 with Retry-After, and a document that takes
 * too long is stopped (503). The PDFs themselves are unchanged (their page footers are rebuilt in
 * the worker): checked with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module shared with the benchmark.
import { largestPlan, REQUEST_BODY_LIMIT } from '../../bench/lib/largest-plan.mjs';
import { PlanDocumentSchema, type PlanDocument } from '../../src/core/plans/plan-schema.js';
import { configurePdfPool, defaultPdfPoolOptions } from '../../src/server/pdf/pool.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { clientWithAssessment, completed, dayFromNow, documentOf, draftPlan, savePlan } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const makeLargest = largestPlan as (schema: unknown, document: PlanDocument) => PlanDocument;

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

describe('PDFs are made off the event loop', () => {
  let server: TestServer;
  let clinician: Session;
  let planId: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    clinician = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    const { clientId } = await clientWithAssessment(server, clinician);
    const draft = await draftPlan(server, clinician, clientId);
    const largest = makeLargest(PlanDocumentSchema, completed(documentOf(draft), dayFromNow(server, 30)));
    const saved = await savePlan(server, clinician, draft, largest);
    planId = saved.id;
  }, 60_000);
  afterEach(async () => {
    await configurePdfPool(defaultPdfPoolOptions());
  });
  // Closing waits for the largest PDFs a test left rendering (each may take its full time limit on a
  // busy machine), so the clean-up gets more than the default minute.
  afterAll(async () => {
    await server.close();
  }, 180_000);

  const pdf = () => send(server, clinician, 'GET', `/api/v1/plans/${planId}/pdf?audience=clinician`);

  it('keeps /healthz answering within 100 ms (p99) while four largest-allowed PDFs render', async () => {
    // Warm the pool's threads first, as a running server's are.
    const warm = performance.now();
    expect((await pdf()).status).toBe(200);
    console.log(`one largest-allowed clinician PDF: ${Math.round(performance.now() - warm)} ms`);
    const rendering = Promise.all([pdf(), pdf(), pdf(), pdf()]);
    let done = false;
    void rendering.finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    while (!done) {
      const started = performance.now();
      const health = await send(server, null, 'GET', '/healthz');
      await health.arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const responses = await rendering;
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(latencies.length).toBeGreaterThan(10);
    const p99 = percentile(latencies, 0.99);
    console.log(
      `healthz while four render: p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms, ${latencies.length} requests`,
    );
    expect(p99, `healthz p99 ${p99.toFixed(1)} ms over ${latencies.length} requests`).toBeLessThan(100);
  }, 120_000);

  it('answers 503 with Retry-After when every thread is busy and the queue is full', async () => {
    await configurePdfPool({ threads: 1, maxQueue: 1 });
    const responses = await Promise.all([pdf(), pdf(), pdf(), pdf()]);
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
    const refused = responses.filter((response) => response.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const response of refused) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const problem = await expectProblem(response, 503, 'unavailable');
      expect(problem.detail).toMatch(/queue is full/);
    }
  }, 120_000);

  it('stops a document that takes longer than the time limit (503), and the next one renders', async () => {
    await configurePdfPool({ timeLimitMs: 50 });
    const slow = await pdf();
    expect(Number(slow.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await expectProblem(slow, 503, 'unavailable')).detail).toMatch(/took longer than/);
    await configurePdfPool({});
    expect((await pdf()).status).toBe(200);
  }, 120_000);

  it('makes the same document as before, page footers included', async () => {
    const response = await pdf();
    expect(response.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'stepdown-pdf-'));
    try {
      const file = join(dir, 'plan.pdf');
      writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f');
      const count = pages.filter((page) => page.trim() !== '').length;
      expect(count).toBeGreaterThan(5);
      expect(pages[0]).toContain(`1 / ${count}`);
      expect(pages[count - 1]).toContain(`${count} / ${count}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The plan itself is the largest a clinician can save: within a few KiB of the request body limit.
    const plan = await expectJson<{ goals: unknown[] }>(
      await send(server, clinician, 'GET', `/api/v1/plans/${planId}`),
      200,
    );
    expect(plan.goals.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(plan))).toBeGreaterThan(REQUEST_BODY_LIMIT - 64 * 1024);
  }, 60_000);
});
