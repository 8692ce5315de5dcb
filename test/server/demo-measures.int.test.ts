/**
 * The demo data's measures: after the seed, the demo clinician's caseload shows Sam Okafor first
 * with an open safety alert, and Jordan Rivera has eight weeks of check-ins with PHQ-9 reliably
 * better than at first; the outcomes page counts the two clients discharged weeks ago.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { DEMO_CLINICIAN, DEMO_PASSWORD, seedDemo } from '../../src/server/seed.js';
import { testDialects } from '../support/databases.js';
import { expectJson, send } from '../support/http.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

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
});
