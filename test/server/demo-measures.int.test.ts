/**
 * The demo data's measures: after the seed, the demo clinician's caseload shows Sam Okafor first
 * with an open safety alert, and Jordan Rivera has eight weeks of check-ins with PHQ-9 reliably
 * better than at first; the outcomes page counts the two clients discharged weeks ago, and the step
 * signals their histories raised are kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { DEMO_CLINICIAN, DEMO_PASSWORD, seedDemo } from '../../src/server/seed.js';
import { listStepSignalsOfClient } from '../../src/storage/step-signals.js';
import { testDialects } from '../support/databases.js';
import { expectJson, send } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;

describe.each(testDialects())('demo measures on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    expect(await seedDemo(server.database.handle.db, loadDefaultRuleSet(), server.now())).toBe(true);
  });
  afterAll(async () => {
    await server.close();
  });

  it('has a client with an open safety alert and one with eight weeks of check-ins', async () => {
    const session = await signIn(server, DEMO_CLINICIAN, DEMO_PASSWORD);
    const caseload = await expectJson<{ items: Array<{ clientId: string; displayName: string; openAlerts: number }> }>(
      await send(server, session, 'GET', '/api/v1/caseload'),
      200,
    );
    expect(caseload.items[0]).toMatchObject({ displayName: 'Sam Okafor (demo)', openAlerts: 1 });
    const jordan = caseload.items.find((item) => item.displayName === 'Jordan Rivera (demo)');
    const { items } = await expectJson<{
      items: Array<{
        instrument: string;
        total: number | null;
        change: { reliable: boolean; direction: string } | null;
      }>;
    }>(await send(server, session, 'GET', `/api/v1/clients/${jordan?.clientId ?? ''}/measures`), 200);
    expect(items.filter((m) => m.instrument === 'recovery-check')).toHaveLength(8);
    expect(items.filter((m) => m.instrument === 'phq-9').map((m) => m.total)).toEqual([5, 7, 9, 13]);
    expect(items.find((m) => m.instrument === 'phq-9')?.change).toMatchObject({ reliable: true, direction: 'better' });
    // An address for check-in reminders, at a domain reserved for examples, so a demo shows the field filled.
    const client = await expectJson<{ email: string | null }>(
      await send(server, session, 'GET', `/api/v1/clients/${jordan?.clientId ?? ''}`),
      200,
    );
    expect(client.email).toBe('jordan.rivera@example.org');
  });

  it('has two episodes for the outcomes page: one who got better, one lost after discharge', async () => {
    const session = await signIn(server, DEMO_CLINICIAN, DEMO_PASSWORD);
    const outcomes = await expectJson<{
      episodes: number;
      figures: Array<{ id: string; count: number; of: number }>;
    }>(await send(server, session, 'GET', '/api/v1/outcomes'), 200);
    expect(outcomes.episodes).toBe(2);
    const figure = (id: string) => outcomes.figures.find((f) => f.id === id);
    expect(figure('first-session-7-days')).toMatchObject({ count: 1, of: 2 });
    expect(figure('retention-30')).toMatchObject({ count: 1, of: 2 });
    expect(figure('phq9-remission')).toMatchObject({ count: 1, of: 1 });
    expect(figure('gad7-response')).toMatchObject({ count: 0, of: 1 });
    expect(figure('signals-acted-on-within-24-hours')).toMatchObject({ count: 1, of: 1 });
    // Robin's two step-up signals are open; Chris's step-down readiness was acted on.
    expect(figure('step-up-signals-acted-on')).toMatchObject({ count: 0, of: 2 });
    expect(figure('step-down-signals-acted-on')).toMatchObject({ count: 1, of: 1 });
    const caseload = await expectJson<{
      items: Array<{
        displayName: string;
        missed: string[];
        needsReassessment: boolean;
        firstSessionConfirmed: boolean | null;
      }>;
    }>(await send(server, session, 'GET', '/api/v1/caseload'), 200);
    const robin = caseload.items.find((item) => item.displayName === 'Robin Hale (demo)');
    expect(robin).toMatchObject({ needsReassessment: true, firstSessionConfirmed: false });
    expect(robin?.missed).toContain('recovery-check');
  });

  it('keeps the step signals its history raised, each on the day of the check-in that raised it', async () => {
    const db = server.database.handle.db;
    const session = await signIn(server, DEMO_CLINICIAN, DEMO_PASSWORD);
    const caseload = await expectJson<{ items: Array<{ clientId: string; displayName: string }> }>(
      await send(server, session, 'GET', '/api/v1/caseload'),
      200,
    );
    const kept = new Map<string, Array<[string, string, number]>>();
    for (const item of caseload.items) {
      const { organization_id: organizationId } = await db
        .selectFrom('clients')
        .select('organization_id')
        .where('id', '=', item.clientId)
        .executeTakeFirstOrThrow();
      const rows = await listStepSignalsOfClient(db, organizationId, item.clientId);
      kept.set(
        item.displayName,
        rows.map((row) => [row.rule, row.state, Math.round((server.now().getTime() - Date.parse(row.raisedAt)) / DAY)]),
      );
    }
    // Robin used again on day 10 after none on day 3 (risk up, protection down): two step-up signals,
    // raised that day (30 days ago) and still open. Chris's eighth stable week (day 56 of 75) raised
    // step-down readiness, acted on the next day.
    expect(kept.get('Robin Hale (demo)')?.sort()).toEqual([
      ['step-up.return-to-use', 'open', 30],
      ['step-up.risk-up-protective-down', 'open', 30],
    ]);
    expect(kept.get('Chris Park (demo)')).toEqual([['step-down.sustained-stability', 'acted-on', 19]]);
  });
});
