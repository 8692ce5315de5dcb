/**
 * The demo data's finalised plans: after the seed, the demo clinician finds Jordan with a
 * finalised, complete plan whose PDF and FHIR CarePlan work, and no share code exists (codes are
 * made by a clinician, never printed by the seed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { DEMO_CLINICIAN, DEMO_PASSWORD, seedDemo } from '../../src/server/seed.js';
import { testDialects } from '../support/databases.js';
import { expectJson, send } from '../support/http.js';
import type { PlanBody } from '../support/plans.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

describe.each(testDialects())('demo plan on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    expect(await seedDemo(server.database.handle.db, loadDefaultRuleSet(), server.now())).toBe(true);
  });
  afterAll(async () => {
    await server.close();
  });

  it('seeds Jordan with a finalised, complete plan (beside two past discharges), and no share code', async () => {
    const session = await signIn(server, DEMO_CLINICIAN, DEMO_PASSWORD);
    const clients = await expectJson<{ items: Array<{ id: string; displayName: string }> }>(
      await send(server, session, 'GET', '/api/v1/clients?limit=100'),
      200,
    );
    const withPlans: Array<{ name: string; plans: PlanBody[] }> = [];
    for (const client of clients.items) {
      const plans = await expectJson<{ items: PlanBody[] }>(
        await send(server, session, 'GET', `/api/v1/clients/${client.id}/plans`),
        200,
      );
      if (plans.items.length > 0) withPlans.push({ name: client.displayName, plans: plans.items });
    }
    // Jordan's plan discharges tomorrow; Chris and Robin were discharged weeks ago (for the outcomes page).
    expect(withPlans.map((entry) => entry.name).sort()).toEqual([
      'Chris Park (demo)',
      'Jordan Rivera (demo)',
      'Robin Hale (demo)',
    ]);
    const plan = withPlans.find((entry) => entry.name === 'Jordan Rivera (demo)')?.plans[0];
    expect(plan).toMatchObject({ status: 'final', version: 1, finalizationProblems: [] });
    expect(plan?.goals.length).toBe(3);
    // A medication with a bridge, an appointment from an accepted referral, and a safety plan.
    expect(plan?.schema).toBe('stepdown/plan@2');
    expect(plan?.medications[0]).toMatchObject({ for: 'opioid-use-disorder' });
    expect(plan?.needs.medicationsForAddiction).toEqual(['buprenorphine']);
    expect(plan?.medications[0]?.bridgeSupplyUntil).not.toBeNull();
    expect(plan?.safetyPlan?.warningSigns.length).toBeGreaterThan(0);
    const fromReferral = plan?.appointments.find((appointment) => appointment.referralId !== undefined);
    expect(fromReferral).toMatchObject({ kind: 'program-intake', with: 'Maple Street Recovery Center (demo)' });
    const referrals = await expectJson<{ items: Array<{ id: string; status: string }> }>(
      await send(server, session, 'GET', `/api/v1/clients/${plan?.clientId ?? ''}/referrals`),
      200,
    );
    expect(referrals.items).toEqual([expect.objectContaining({ id: fromReferral?.referralId, status: 'accepted' })]);
    const pdf = await send(server, session, 'GET', `/api/v1/plans/${plan?.id ?? ''}/pdf?audience=client&lang=es`);
    expect(pdf.status).toBe(200);
    expect((await send(server, session, 'GET', `/fhir/R4/CarePlan/${plan?.id ?? ''}`)).status).toBe(200);
    const codes = await server.database.handle.db.selectFrom('plan_share_codes').select('id').execute();
    expect(codes).toEqual([]);
    // One of Jordan's goals is marked met, so the demo's plan goals show a count and who marked it.
    const goals = await expectJson<{ allMet: boolean; items: Array<{ met: boolean; updatedByName: string | null }> }>(
      await send(server, session, 'GET', `/api/v1/plans/${plan?.id ?? ''}/goals`),
      200,
    );
    expect(goals.items.map((item) => item.met)).toEqual([true, false, false]);
    expect(goals.items[0]?.updatedByName).toBe('Demo Clinician');
    expect(goals.allMet).toBe(false);
  });
});
