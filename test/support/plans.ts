/**
 * Plans over HTTP for the server suites: a client with an assessment, a draft plan made from it,
 * the edit that makes it complete, and a finalised plan, each through the real API.
 */
import type { PlanResponse } from '../../src/core/api/plans.js';
import { type PlanDocument, PlanDocumentSchema } from '../../src/core/plans/plan-schema.js';
import { assessmentDocument, expectJson, send } from './http.js';
import type { Session, TestServer } from './server.js';

/** The plan as the API returns it (the document's fields beside the version's facts). */
export type PlanBody = Extract<PlanResponse, { schema: 'stepdown/plan@2' }>;

/** The document fields of a plan response: what an editor sends back. */
export function documentOf(plan: PlanBody): PlanDocument {
  const keys = Object.keys(PlanDocumentSchema.shape) as Array<keyof PlanDocument>;
  return Object.fromEntries(keys.map((key) => [key, plan[key]])) as PlanDocument;
}

/** A copy of an object without some of its keys (to send a document with a part missing). */
export function without(value: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** What a clinician fills in with the client so the plan can be finalised. */
export function completed(plan: PlanDocument, reassessBy: string): PlanDocument {
  return {
    ...plan,
    goals: [
      {
        id: 'g1',
        template: 'sober-network',
        text: 'I will build a group of sober people I can count on.',
        measure: 'I have 3 sober people I can call.',
        targetDate: reassessBy,
      },
    ],
    therapies: [{ name: 'Group therapy (CBT)', frequency: '3 evenings a week', provider: 'Eastside IOP' }],
    services: [
      {
        kind: 'medication',
        medicationFor: 'opioid-use-disorder',
        details: 'Buprenorphine, daily',
        provider: 'Dr. Rao',
        appointment: 'Thursday 10:00',
      },
      {
        kind: 'family-counselling',
        medicationFor: null,
        details: 'Monthly family session',
        provider: '',
        appointment: '',
      },
    ],
    supportGroups: [{ name: 'SMART Recovery', when: 'Mondays 7 pm', where: 'Library, room 2' }],
    soberContacts: [{ name: 'Dana Whitfield', relationship: 'sponsor', phone: '555-0101' }],
    relapsePrevention: {
      triggers: ['Payday weekends'],
      warningSigns: ['Skipping meals'],
      copingSteps: ['Call Dana before going out'],
      peopleToCall: [{ name: 'Dana Whitfield', phone: '555-0101' }],
    },
    safety: { ...plan.safety, naloxone: 'has-kit', medication: 'taking', note: 'Pharmacy on 5th Street has naloxone.' },
    reassessBy,
    notes: 'Private clinician note: do not show the client.',
    ...transitionFilled(reassessBy),
  };
}

/**
 * The plan@2 parts of a completed plan: discharge on the day a month before the reassessment date
 * is not known here, so discharge is 20 days before it, the first appointment two days after
 * discharge, and a safety plan written with the client.
 */
export function transitionFilled(
  reassessBy: string,
): Pick<PlanDocument, 'dischargeDate' | 'appointments' | 'noAppointmentReason' | 'safetyPlan'> {
  const discharge = new Date(Date.parse(`${reassessBy}T00:00:00Z`) - 20 * 86_400_000).toISOString().slice(0, 10);
  const intake = new Date(Date.parse(`${discharge}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  return {
    dischargeDate: discharge,
    appointments: [
      {
        kind: 'program-intake',
        with: 'Eastside IOP',
        address: '12 Main Street, Springfield',
        phone: '555-0188',
        startsAt: `${intake}T09:30`,
      },
    ],
    noAppointmentReason: null,
    safetyPlan: {
      warningSigns: ['Not sleeping for two nights'],
      onMyOwn: ['Walk to the park and call my sister'],
      peopleAndPlaces: ['The recovery cafe on Elm Street'],
      peopleToAsk: [{ name: 'Dana Whitfield', phone: '555-0101' }],
      professionals: [{ name: '988 Suicide & Crisis Lifeline', phone: '988' }],
      saferSurroundings: ['Give my extra pills to the pharmacy'],
    },
  };
}

/** A date `days` after the server's today, as YYYY-MM-DD. */
export function dayFromNow(server: TestServer, days: number, timeZone = 'UTC'): string {
  // The calendar day in the clinic's zone: in Honolulu it is still yesterday for ten hours after UTC midnight.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(server.now().getTime() + days * 86_400_000),
  );
}

/** A new client with one assessment (IOP unless the document says otherwise). */
export async function clientWithAssessment(
  server: TestServer,
  session: Session,
  document: Record<string, unknown> = assessmentDocument(),
  displayName = 'Jordan Rivera',
): Promise<{ clientId: string; assessmentId: string }> {
  const client = await expectJson<{ id: string }>(
    await send(server, session, 'POST', '/api/v1/clients', { json: { displayName, preferredLanguage: 'en' } }),
    201,
  );
  const assessment = await expectJson<{ id: string }>(
    await send(server, session, 'POST', `/api/v1/clients/${client.id}/assessments`, { json: document }),
    201,
  );
  return { clientId: client.id, assessmentId: assessment.id };
}

/** A draft plan made from the client's latest assessment. */
export async function draftPlan(server: TestServer, session: Session, clientId: string): Promise<PlanBody> {
  return expectJson<PlanBody>(
    await send(server, session, 'POST', `/api/v1/clients/${clientId}/plans`, { json: {} }),
    201,
  );
}

/** Saves a document over a version. */
export async function savePlan(
  server: TestServer,
  session: Session,
  plan: PlanBody,
  document: PlanDocument,
): Promise<PlanBody> {
  return expectJson<PlanBody>(
    await send(server, session, 'PUT', `/api/v1/plans/${plan.id}`, {
      json: document,
      headers: { 'if-match': `"${plan.version}"` },
    }),
    200,
  );
}

/**
 * A client with one assessment and a finalised, complete plan made from it (discharging in 40 days
 * unless told otherwise).
 */
export async function finalisedPlan(
  server: TestServer,
  session: Session,
  displayName = 'Jordan Rivera',
  options: { dischargeInDays?: number } = {},
): Promise<{ clientId: string; assessmentId: string; plan: PlanBody }> {
  const { clientId, assessmentId } = await clientWithAssessment(server, session, assessmentDocument(), displayName);
  return { clientId, assessmentId, plan: await finaliseFromLatestAssessment(server, session, clientId, options) };
}

/**
 * An existing client's finalised, complete plan, made from a new assessment, discharging in
 * `dischargeInDays` (0: today, in a UTC clinic; at most 19 days ago, since the reassessment date
 * must be after today and discharge is 20 days before it).
 */
export async function finaliseAPlan(
  server: TestServer,
  session: Session,
  clientId: string,
  options: { dischargeInDays?: number } = {},
): Promise<PlanBody> {
  await expectJson<{ id: string }>(
    await send(server, session, 'POST', `/api/v1/clients/${clientId}/assessments`, { json: assessmentDocument() }),
    201,
  );
  return finaliseFromLatestAssessment(server, session, clientId, options);
}

/** A finalised, complete plan made from the client's latest assessment. */
async function finaliseFromLatestAssessment(
  server: TestServer,
  session: Session,
  clientId: string,
  { dischargeInDays = 40 }: { dischargeInDays?: number },
): Promise<PlanBody> {
  const draft = await draftPlan(server, session, clientId);
  const reassessBy = dayFromNow(server, dischargeInDays + 20);
  const saved = await savePlan(server, session, draft, completed(documentOf(draft), reassessBy));
  return expectJson<PlanBody>(
    await send(server, session, 'POST', `/api/v1/plans/${saved.id}/finalize`, {
      json: { version: saved.version, attestation: true },
    }),
    200,
  );
}
