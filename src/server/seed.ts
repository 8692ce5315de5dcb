/**
 * Demo data for a newcomer's first `npm start`: a clinic, a demo clinician and admin, a few
 * clients with assessments (one with a finalised discharge plan and eight weeks of check-ins, one
 * with an open safety alert, two discharged weeks ago whose outcomes the clinic can read), and
 * demo programs with session tracks near the clinic. Only ever written into an empty database, and never in production.
 */
import { parseAssessment, type AssessmentInput } from '../core/assessment.js';
import { recommendPlacement } from '../core/engine.js';
import type { CompiledRuleSet } from '../core/ruleset.js';
import { insertAssessment } from '../storage/assessments.js';
import { insertAuditEvents } from '../storage/audit.js';
import { insertClient } from '../storage/clients.js';
import type { Executor } from '../storage/executor.js';
import { countOrganizations, insertOrganization } from '../storage/organizations.js';
import { insertUser } from '../storage/users.js';
import { hashPassword } from './auth/passwords.js';
import { insertDemoEpisodes, insertDemoMeasures } from './demo-measures.js';
import { insertDemoPlan, markDemoGoalMet } from './demo-plan.js';
import { DEMO_REFERRAL_PROGRAM, demoProgramId, insertDemoPrograms } from './demo-programs.js';

export const DEMO_PASSWORD = 'quiet-harbor-morning';
export const DEMO_CLINICIAN = 'demo@stepdown.local';
export const DEMO_ADMIN = 'admin@stepdown.local';

interface DemoClient {
  displayName: string;
  externalRef: string;
  birthYear: number;
  preferredLanguage: 'en' | 'es';
  /** Where check-in reminders go; example.org is reserved for examples (RFC 2606), so none is delivered. */
  email?: string;
  assessment: AssessmentInput;
  /** Seed a finalised discharge plan from this client's assessment. */
  withFinalisedPlan?: boolean;
  /** The plan was made this many days ago, and the client discharged then (tomorrow when left out). */
  dischargedDaysAgo?: number;
}

const DAY_MS = 86_400_000;
/** When the two demo clients whose outcomes are counted were discharged. */
const RECOVERED_DAYS_AGO = 75;
const LAPSED_DAYS_AGO = 40;

const DEMO_CLIENTS: DemoClient[] = [
  {
    displayName: 'Jordan Rivera (demo)',
    externalRef: 'DEMO-1001',
    birthYear: 1988,
    preferredLanguage: 'en',
    email: 'jordan.rivera@example.org',
    assessment: {
      schema: 'stepdown/assessment@2',
      population: 'adult',
      ratings: { d1: 0, d2: 1, d3: 2, d4: 1, d5: 2, d6: 1 },
      flags: { homeResponsibilities: true, coOccurringMentalHealth: true },
      facts: {
        substances: ['opioids'],
        currentMedications: [{ name: 'buprenorphine', prescriber: 'Dr. Demo Rao, Demo Behavioral Health' }],
        opioidOverdosePast12Months: false,
        ageYears: 37,
      },
    },
    withFinalisedPlan: true,
  },
  {
    displayName: 'María López (demo)',
    externalRef: 'DEMO-1002',
    birthYear: 1979,
    preferredLanguage: 'es',
    assessment: {
      schema: 'stepdown/assessment@1',
      population: 'adult',
      ratings: { d1: 1, d2: 0, d3: 1, d4: 1, d5: 2, d6: 3 },
      flags: { unsafeHousing: true, homeResponsibilities: true },
    },
  },
  {
    displayName: 'Sam Okafor (demo)',
    externalRef: 'DEMO-1003',
    birthYear: 1995,
    preferredLanguage: 'en',
    assessment: {
      schema: 'stepdown/assessment@1',
      population: 'adult',
      ratings: { d1: 0, d2: 0, d3: 3, d4: 2, d5: 3, d6: 2 },
      flags: { coOccurringMentalHealth: true },
    },
  },
  {
    displayName: 'Alex Chen (demo)',
    externalRef: 'DEMO-1004',
    birthYear: 2008,
    preferredLanguage: 'en',
    assessment: {
      schema: 'stepdown/assessment@1',
      population: 'adolescent',
      ratings: { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 },
      flags: { homeResponsibilities: true },
    },
  },
  // Discharged in the last three months: the outcomes page counts them (see demo-measures.ts).
  {
    displayName: 'Chris Park (demo)',
    externalRef: 'DEMO-1005',
    birthYear: 1984,
    preferredLanguage: 'en',
    assessment: {
      schema: 'stepdown/assessment@2',
      population: 'adult',
      ratings: { d1: 0, d2: 1, d3: 2, d4: 1, d5: 2, d6: 1 },
      flags: { homeResponsibilities: true, coOccurringMentalHealth: true },
      facts: {
        substances: ['opioids'],
        currentMedications: [{ name: 'buprenorphine', prescriber: 'Dr. Demo Rao, Demo Behavioral Health' }],
        opioidOverdosePast12Months: false,
        ageYears: 42,
      },
    },
    withFinalisedPlan: true,
    dischargedDaysAgo: RECOVERED_DAYS_AGO,
  },
  {
    displayName: 'Robin Hale (demo)',
    externalRef: 'DEMO-1006',
    birthYear: 1991,
    preferredLanguage: 'en',
    assessment: {
      schema: 'stepdown/assessment@2',
      population: 'adult',
      ratings: { d1: 0, d2: 0, d3: 2, d4: 2, d5: 2, d6: 2 },
      flags: { coOccurringMentalHealth: true },
      facts: {
        substances: ['opioids'],
        currentMedications: [{ name: 'buprenorphine', prescriber: 'Dr. Demo Rao, Demo Behavioral Health' }],
        opioidOverdosePast12Months: false,
        ageYears: 35,
      },
    },
    withFinalisedPlan: true,
    dischargedDaysAgo: LAPSED_DAYS_AGO,
  },
];

/** Seeds the demo clinic when the database has no organisation yet; returns whether it did. */
export async function seedDemo(db: Executor, ruleset: CompiledRuleSet, now: Date): Promise<boolean> {
  if ((await countOrganizations(db)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const org = await insertOrganization(trx, {
      name: 'Demo Recovery Center',
      phone: '(555) 010-0100',
      email: 'frontdesk@demo-recovery.example',
      address: '100 Main Street, Springfield',
      now: at,
    });
    const clinician = await insertUser(trx, {
      organizationId: org.id,
      email: DEMO_CLINICIAN,
      displayName: 'Demo Clinician',
      role: 'clinician',
      passwordHash,
      now: at,
    });
    await insertUser(trx, {
      organizationId: org.id,
      email: DEMO_ADMIN,
      displayName: 'Demo Admin',
      role: 'admin',
      passwordHash,
      now: at,
    });
    await insertDemoPrograms(trx, now);
    const clientIds: string[] = [];
    for (const { withFinalisedPlan, dischargedDaysAgo, ...demo } of DEMO_CLIENTS) {
      // The plan discharges the day after it is made: made a day before the discharge day, two
      // hours after the client and their assessment were recorded.
      const planNow =
        dischargedDaysAgo === undefined ? now : new Date(now.getTime() - (dischargedDaysAgo + 1) * DAY_MS);
      const madeAt = dischargedDaysAgo === undefined ? at : new Date(planNow.getTime() - 2 * 3_600_000).toISOString();
      const client = await insertClient(trx, {
        ...demo,
        organizationId: org.id,
        createdBy: clinician.id,
        now: madeAt,
      });
      clientIds.push(client.id);
      const parsed = parseAssessment(demo.assessment);
      if (!parsed.ok) throw new Error(`demo assessment for ${demo.externalRef} is invalid`);
      const saved = await insertAssessment(
        trx,
        { organizationId: org.id, clientId: client.id },
        {
          document: demo.assessment,
          recommendation: recommendPlacement(parsed.value, ruleset),
          ruleset: { id: ruleset.id, version: ruleset.version, hash: ruleset.hash },
          createdBy: clinician.id,
          now: madeAt,
        },
      );
      await insertAuditEvents(
        trx,
        [
          { action: 'client.create' as const, resourceType: 'client', resourceId: client.id, clientId: client.id },
          {
            action: 'assessment.create' as const,
            resourceType: 'assessment',
            resourceId: saved.assessmentId,
            clientId: client.id,
          },
        ].map((fact) => ({
          ...fact,
          at: madeAt,
          organizationId: org.id,
          actorUserId: null,
          actorKind: 'system' as const,
          outcome: 'success' as const,
          ip: null,
          requestId: null,
        })),
      );
      if (withFinalisedPlan) {
        await insertDemoPlan(trx, {
          organizationId: org.id,
          clinicianId: clinician.id,
          assessment: saved,
          now: planNow,
          referTo: demoProgramId(DEMO_REFERRAL_PROGRAM.name, DEMO_REFERRAL_PROGRAM.setting),
        });
      }
    }
    // Jordan has eight weeks of check-ins; Sam answered PHQ-9 item 9 above 0 two days ago.
    const [steadyClientId, , atRiskClientId, , recoveredClientId, lapsedClientId] = clientIds;
    if (steadyClientId && atRiskClientId) {
      await insertDemoMeasures(trx, { organizationId: org.id, steadyClientId, atRiskClientId, now });
      // Jordan's first plan goal is met, so the client page's plan goals have something to show.
      await markDemoGoalMet(trx, { organizationId: org.id, clinicianId: clinician.id, clientId: steadyClientId, now });
    }
    // Chris went to the first session and got better; Robin checked in twice and was not seen again.
    if (recoveredClientId && lapsedClientId) {
      await insertDemoEpisodes(trx, {
        organizationId: org.id,
        clinicianId: clinician.id,
        recovered: { clientId: recoveredClientId, dischargedDaysAgo: RECOVERED_DAYS_AGO },
        lapsed: { clientId: lapsedClientId, dischargedDaysAgo: LAPSED_DAYS_AGO },
        now,
      });
    }
  });
  return true;
}
