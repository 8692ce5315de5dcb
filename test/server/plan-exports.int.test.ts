/**
 * Plan exports over HTTP on SQLite and PostgreSQL: both PDFs turned back into text by pdftotext
 * (poppler) and checked section by section, and the FHIR resources validated against the FHIR R4
 * structure definitions by FHIR.js (the `fhir` package): cardinality, types, required value sets,
 * unknown elements and contained resources. Each export writes its audit event.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CarePlan, Goal, Questionnaire, QuestionnaireResponse } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAFETY_TEXT } from '../../src/core/plans/safety.js';
import { PLAN_WORDS } from '../../src/core/plans/words.js';
import { decidingReasons } from '../../src/core/plans/client-reasons.js';
import { CLIENT_REASONS_ES } from '../../src/core/plans/reasons-es.js';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { updateOrganization } from '../../src/storage/organizations.js';
import { testDialects } from '../support/databases.js';
import { assessmentDocument, expectProblem, send } from '../support/http.js';
import { clientWithAssessment, draftPlan, finalisedPlan, type PlanBody } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';
import { fhirErrors } from '../support/fhir.js';

const CLINIC = {
  name: 'Harbor Recovery Clinic',
  phone: '(555) 014-2200',
  address: '12 Harbor Way, Springfield',
  email: 'care@harbor.example',
};

/** The text of a PDF, by pdftotext in reading order, with runs of white space made single spaces. */
function pdfText(bytes: ArrayBuffer): { text: string; pages: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'stepdown-pdf-'));
  try {
    const file = join(dir, 'plan.pdf');
    writeFileSync(file, Buffer.from(bytes));
    const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const pages = raw
      .split('\f')
      .filter((page) => page.trim() !== '')
      .map((page) => page.replace(/\s+/g, ' '));
    return { text: raw.replace(/\s+/g, ' '), pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDialects())('plan exports on %s', (dialect) => {
  let server: TestServer;
  let session: Session;
  let plan: PlanBody;
  let clientId: string;
  let assessmentId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    await updateOrganization(server.database.handle.db, org.id, CLINIC);
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    ({ clientId, assessmentId, plan } = await finalisedPlan(server, session, 'Jordan Rivera'));
  });
  afterAll(async () => {
    await server.close();
  });

  async function pdf(query: string): Promise<{ text: string; pages: string[] }> {
    const response = await send(server, session, 'GET', `/api/v1/plans/${plan.id}/pdf?${query}`);
    expect(
      response.status,
      await response
        .clone()
        .text()
        .catch(() => ''),
    ).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = await response.arrayBuffer();
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    return pdfText(bytes);
  }

  function expectClinicOnEveryPage(pages: string[]): void {
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      expect(page).toContain(CLINIC.name);
      expect(page).toContain(CLINIC.phone);
      expect(page).toContain(CLINIC.address);
    }
  }

  it('renders the client PDF in plain English: every section, the reasons in client words, the safety block, the clinic', async () => {
    const { text, pages } = await pdf('audience=client&lang=en');
    const words = PLAN_WORDS.en;
    for (const heading of [
      words.headings.title,
      words.headings.nextStep,
      words.headings.why,
      words.headings.goals,
      words.headings.care,
      words.headings.support,
      words.headings.relapse,
      words.headings.safety,
      words.headings.clinic,
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Plan for Jordan Rivera');
    expect(text).toContain('You and your care team chose: Intensive outpatient program (IOP).');
    // Only the reasons that decided the client's step (client-reasons.ts).
    for (const reason of decidingReasons(plan.reasons, plan)) {
      expect(text).toContain(reason.clientText.replace(/\s+/g, ' '));
    }
    // Clinician wording and rule ids stay in the clinical record.
    for (const reason of plan.reasons) expect(text).not.toContain(reason.rule);
    expect(text).toContain('I will build a group of sober people I can count on.');
    expect(text).toContain('SMART Recovery');
    expect(text).toContain('Payday weekends');
    for (const topic of Object.values(SAFETY_TEXT.en)) {
      expect(text).toContain(topic.title);
      for (const step of topic.steps) expect(text).toContain(step);
    }
    expect(text).toContain('988');
    expect(text).toContain('1-800-662-4357');
    expect(text).not.toContain('Private clinician note');
    expectClinicOnEveryPage(pages);
  });

  it('renders the client PDF in Spanish, reasons included', async () => {
    const { text, pages } = await pdf('audience=client&lang=es');
    expect(text).toContain(PLAN_WORDS.es.headings.title);
    expect(text).toContain('Usted y su equipo eligieron: Programa ambulatorio intensivo (IOP).');
    for (const reason of decidingReasons(plan.reasons, plan)) {
      expect(text).toContain(CLIENT_REASONS_ES[reason.rule]?.replace(/\s+/g, ' '));
    }
    expect(text).toContain(SAFETY_TEXT.es.naloxone.title);
    expect(text).toContain('Teléfono');
    expectClinicOnEveryPage(pages);
  });

  it('renders the clinical record: recommended and selected, the basis with rule ids and sources, the rule set, the attestation', async () => {
    const { text, pages } = await pdf('audience=clinician');
    for (const heading of [
      'Discharge plan: clinical record',
      'Level of care',
      'Basis of the recommendation',
      'Goals',
      'Therapies',
      'Services',
      'Support groups',
      'Sober contacts',
      'Relapse-prevention plan',
      'Safety block (overdose prevention)',
      'Clinician notes',
      'Attestation',
      'Client acknowledgements',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Recommended Intensive outpatient (IOP)');
    expect(text).toContain('Selected Intensive outpatient (IOP)');
    expect(text).toContain('None: the selected setting is the recommended one.');
    for (const reason of plan.reasons) {
      expect(text).toContain(reason.rule);
      expect(text).toContain(reason.sources[0]?.split(' ').slice(0, 3).join(' '));
    }
    expect(text).toContain(`Rule set ${plan.ruleset.id} version ${plan.ruleset.version}, ${plan.ruleset.hash}`);
    expect(text).toContain('Private clinician note: do not show the client.');
    expect(text).toContain('medication for opioid use disorder (MOUD)');
    expect(text).toContain('Never using alone: included');
    expect(text).toContain('Naloxone Has naloxone');
    expect(text).toContain('I reviewed the recommendation and its basis');
    expect(text).toContain(`Final, version ${plan.version}`);
    expectClinicOnEveryPage(pages);
  });

  it('shows a variance reason in the clinical record, and a draft only to the clinician', async () => {
    const other = await clientWithAssessment(server, session, assessmentDocument(), 'Sam Okafor');
    const draft = await draftPlan(server, session, other.clientId);
    await expectProblem(
      await send(server, session, 'GET', `/api/v1/plans/${draft.id}/pdf?audience=client&lang=en`),
      409,
      'conflict',
    );
    const response = await send(server, session, 'GET', `/api/v1/plans/${draft.id}/pdf?audience=clinician`);
    expect(response.status).toBe(200);
    const { text } = pdfText(await response.arrayBuffer());
    expect(text).toContain('DRAFT, version 1: not finalised');
    expect(text).toContain('Reassess by NOT SET');
    await expectProblem(
      await send(server, session, 'GET', `/api/v1/plans/${draft.id}/pdf?audience=patient`),
      400,
      'invalid_input',
    );
    // Nothing of a plan never finalised goes to a receiving program, as a PDF or as FHIR.
    const consent = '00000000-0000-4000-8000-000000000000';
    for (const path of [
      `/api/v1/plans/${draft.id}/pdf?audience=receiving&consent=${consent}`,
      `/fhir/R4/CarePlan/${draft.id}?audience=receiving&consent=${consent}`,
    ]) {
      await expectProblem(await send(server, session, 'GET', path), 409, 'conflict');
    }
  });

  it('exports the plan as a FHIR R4 CarePlan with contained Goals that validate against the R4 structure definitions', async () => {
    const response = await send(server, session, 'GET', `/fhir/R4/CarePlan/${plan.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const carePlan = (await response.json()) as CarePlan;
    expect(fhirErrors(carePlan)).toEqual([]);
    expect(carePlan).toMatchObject({
      resourceType: 'CarePlan',
      id: plan.id,
      status: 'active',
      intent: 'plan',
      subject: { reference: `Patient/${clientId}` },
      supportingInfo: [{ reference: `QuestionnaireResponse/${assessmentId}` }],
      goal: [{ reference: '#goal-g1' }],
    });
    // plan@2 also contains the appointment (and any medications); the goals come first.
    const goals = (carePlan.contained ?? []).filter((item): item is Goal => item.resourceType === 'Goal');
    expect(carePlan.contained?.map((item) => item.resourceType)).toEqual(['Goal', 'Appointment']);
    expect(goals.map((goal) => [goal.resourceType, goal.id, goal.lifecycleStatus])).toEqual([
      ['Goal', 'goal-g1', 'active'],
    ]);
    expect(goals[0]?.target?.[0]?.dueDate).toBe(plan.goals[0]?.targetDate);
    for (const goal of goals) expect(fhirErrors(goal)).toEqual([]);
    const activities = (carePlan.activity ?? []).map((activity) => activity.detail?.code?.text);
    expect(activities).toEqual(
      expect.arrayContaining([
        'Intensive outpatient (IOP)',
        'Overdose prevention (safety block)',
        'Family counselling',
      ]),
    );
  });

  it('exports the assessment as a QuestionnaireResponse that answers a valid Questionnaire', async () => {
    const response = await send(server, session, 'GET', `/fhir/R4/QuestionnaireResponse/${assessmentId}`);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as QuestionnaireResponse;
    expect(fhirErrors(answer)).toEqual([]);
    const questionnaire = (await (
      await send(server, session, 'GET', '/fhir/R4/Questionnaire/stepdown-assessment-1')
    ).json()) as Questionnaire;
    expect(fhirErrors(questionnaire)).toEqual([]);
    // An assessment@1 answers version 1, as it did before version 2 (a superset, with the facts) existed.
    expect(questionnaire.version).toBe('2');
    expect(answer.questionnaire).toBe(`${questionnaire.url ?? ''}|1`);
    // Every answer is to an item of the Questionnaire, of the item's type.
    const items = new Map<string, string>();
    const walk = (list: Questionnaire['item']) => {
      for (const item of list ?? []) {
        items.set(item.linkId, item.type);
        walk(item.item);
      }
    };
    walk(questionnaire.item);
    const valueKey: Record<string, string> = {
      integer: 'valueInteger',
      boolean: 'valueBoolean',
      choice: 'valueCoding',
      text: 'valueString',
    };
    const check = (list: QuestionnaireResponse['item']) => {
      for (const item of list ?? []) {
        expect(items.has(item.linkId), item.linkId).toBe(true);
        for (const value of item.answer ?? [])
          expect(Object.keys(value)).toEqual([valueKey[items.get(item.linkId) ?? '']]);
        check(item.item);
      }
    };
    check(answer.item);
    const ratings = answer.item
      ?.find((item) => item.linkId === 'ratings')
      ?.item?.map((item) => item.answer?.[0]?.valueInteger);
    expect(ratings).toEqual([0, 0, 2, 1, 2, 1]);
  });

  it('would catch an invalid resource (the validator is not a rubber stamp)', () => {
    expect(fhirErrors({ resourceType: 'CarePlan', intent: 'plan', subject: { reference: 'Patient/1' } })).not.toEqual(
      [],
    );
    expect(
      fhirErrors({ resourceType: 'CarePlan', status: 'finished', intent: 'plan', subject: { reference: 'Patient/1' } }),
    ).not.toEqual([]);
    expect(
      fhirErrors({
        resourceType: 'Goal',
        lifecycleStatus: 'active',
        description: { text: 'x' },
        subject: {},
        extra: 1,
      }),
    ).not.toEqual([]);
  });

  it('audits every export, and refuses another organisation’s plan as not found', async () => {
    const actions = (await listAuditEventsOfClient(server.database.handle.db, clientId)).map((event) => event.action);
    expect(actions.filter((action) => action === 'plan.export.pdf').length).toBeGreaterThanOrEqual(3);
    expect(actions).toContain('plan.export.fhir');
    expect(actions).toContain('assessment.export.fhir');
    const stranger = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    await expectProblem(await send(server, stranger, 'GET', `/fhir/R4/CarePlan/${plan.id}`), 404, 'not_found');
    await expectProblem(
      await send(
        server,
        stranger,
        'GET',
        `/fhir/R4/CarePlan/${plan.id}?audience=receiving&consent=00000000-0000-4000-8000-000000000000`,
      ),
      404,
      'not_found',
    );
    await expectProblem(
      await send(server, stranger, 'GET', `/api/v1/plans/${plan.id}/pdf?audience=clinician`),
      404,
      'not_found',
    );
    await expectProblem(
      await send(server, stranger, 'GET', `/fhir/R4/QuestionnaireResponse/${assessmentId}`),
      404,
      'not_found',
    );
    // In the stranger's log the denials carry no client id (the caller must not learn whose record
    // it is); the clinic's own log has each of them too, naming the client. Find them by resource.
    const denied = await server.database.handle.db
      .selectFrom('audit_events')
      .select(['action', 'resource_id', 'client_id'])
      .where('outcome', '=', 'denied')
      .where('resource_id', 'in', [plan.id, assessmentId])
      .orderBy('seq')
      .execute();
    const refused = ['plan.export.fhir', 'plan.disclose.receiving.fhir', 'plan.export.pdf', 'assessment.export.fhir'];
    expect(denied.filter((event) => event.client_id === null).map((event) => event.action)).toEqual(refused);
    const clinicCopies = denied.filter((event) => event.client_id !== null);
    expect(clinicCopies.map((event) => event.action)).toEqual(refused);
    expect(new Set(clinicCopies.map((event) => event.client_id)).size).toBe(1);
  });
});
