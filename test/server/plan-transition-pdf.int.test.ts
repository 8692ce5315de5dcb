/**
 * The first step of care leads the plan's documents, on SQLite and PostgreSQL: for the fixture case
 * with high withdrawal risk (d1 of 3 with the withdrawal-risk flag), the client PDF in English and
 * Spanish, the clinical record and the client's link lead with medically monitored withdrawal care
 * before the level of care, and the client copy never says "you live at home" beside it. The
 * medicines with the supply given at discharge and the appointment card (where, when, the phone as
 * a tel: link, what to bring) are on the client's PDF and link. PDFs are read with pdftotext.
 */
import type { CarePlan } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirErrors } from '../support/fhir.js';
import { testDialects } from '../support/databases.js';
import { formatLocalDateTime } from '../../src/core/plans/transition-words.js';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { updateOrganization } from '../../src/storage/organizations.js';
import { ensureProgram, programFixture } from '../fixtures/programs.js';
import { assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import { pdfText } from '../support/pdf.js';
import {
  clientWithAssessment,
  completed,
  dayFromNow,
  documentOf,
  draftPlan,
  type PlanBody,
  savePlan,
} from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

describe.each(testDialects())('the first step leads the documents on %s', (dialect) => {
  let server: TestServer;
  let session: Session;
  let plan: PlanBody;
  const receiving = programFixture({ name: 'Eastside IOP' });
  const CLINIC_ZONE = 'Pacific/Honolulu';
  /** Days in the clinic's calendar, which runs ten hours behind UTC's. */
  const clinicDay = (days: number): string => dayFromNow(server, days, CLINIC_ZONE);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    // A clinic ten hours behind UTC: an appointment's time is the clinic's wall clock, never shifted.
    await updateOrganization(server.database.handle.db, org.id, { timeZone: CLINIC_ZONE });
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    const { clientId } = await clientWithAssessment(
      server,
      session,
      assessmentDocument({
        ratings: { d1: 3, d2: 0, d3: 2, d4: 1, d5: 2, d6: 1 },
        flags: { withdrawalRisk: true },
      }),
    );
    const draft = await draftPlan(server, session, clientId);
    const complete = completed(documentOf(draft), clinicDay(30));
    const saved = await savePlan(server, session, draft, {
      ...complete,
      medications: [
        {
          name: 'Naltrexone',
          dose: '50 mg each morning',
          for: 'alcohol-use-disorder',
          prescriber: 'Dr. Amaka Rao',
          lastDose: `${clinicDay(0)}T08:00`,
          bridgeSupplyUntil: clinicDay(14),
        },
      ],
      appointments: complete.appointments.map((item) => ({ ...item, phone: '(555) 010-0188' })),
    });
    expect(saved.finalizationProblems).toEqual([]);
    plan = await expectJson<PlanBody>(
      await send(server, session, 'POST', `/api/v1/plans/${saved.id}/finalize`, {
        json: { version: saved.version, attestation: true },
      }),
      200,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  /** A signed Part 2 consent of the client to disclose this plan to `recipient`. */
  const consentFor = async (recipient: string, scope: 'full-plan' | 'plan-summary' = 'full-plan') =>
    expectJson<{ id: string }>(
      await send(server, session, 'POST', `/api/v1/clients/${plan.clientId}/consents`, {
        json: {
          planId: plan.id,
          scope,
          consentType: 'specific',
          patientName: 'Jordan Rivera',
          discloser: 'Harbor Recovery Clinic',
          recipient: { name: recipient, relationship: 'treatment program' },
          purpose: 'Continuity of care after discharge',
          expiresOn: clinicDay(180),
          revocation: 'In writing, to the clinic.',
          signature: { signedBy: 'patient', name: 'Jordan Rivera' },
          signedOn: clinicDay(0),
        },
      }),
      201,
    );

  async function pdf(query: string): Promise<string> {
    const response = await send(server, session, 'GET', `/api/v1/plans/${plan.id}/pdf?${query}`);
    expect(response.status).toBe(200);
    return pdfText(await response.arrayBuffer()).text;
  }

  it('the plan carries the sequence: medically monitored withdrawal management, then the level of care', () => {
    expect(plan.sequence[0]).toMatchObject({ step: 'withdrawal-management', medicallyMonitored: true });
    expect(plan.sequence[1]).toMatchObject({ step: 'level-of-care' });
    expect(plan.selectedWithdrawalManagement).toBe(plan.withdrawalManagement);
  });

  it('the client PDF leads with withdrawal care, never says "you live at home" beside it, and has the medicines and the appointment', async () => {
    const en = await pdf('audience=client&lang=en');
    const first = en.indexOf('First: Withdrawal care with nurses and doctors, day and night.');
    expect(first).toBeGreaterThan(-1);
    expect(en.indexOf('Then, when that is done: Intensive outpatient program (IOP).')).toBeGreaterThan(first);
    expect(en).not.toMatch(/You live at home|You sleep at home/);
    expect(en).toContain('Your appointments');
    expect(en).toContain('First day at your program: Eastside IOP');
    expect(en).toContain('Phone: (555) 010-0188');
    expect(en).toContain('What to bring: A photo ID');
    expect(en).toContain('Your medicines');
    expect(en).toContain('How much: 50 mg each morning');
    expect(en).toMatch(/You have enough to last until \w+ \d+, \d{4}\. Get your next supply before then\./);
    expect(en).toContain('Your safety plan');
    // What could change the plan: the withdrawal-risk flag, in the client's words (not a rating).
    expect(en).toContain('What could change your plan');
    expect(en).toContain('If your withdrawal is not likely to be dangerous, your care team may change your plan.');

    const es = await pdf('audience=client&lang=es');
    expect(es).toContain('Primero: Cuidado para la abstinencia con enfermeras y médicos, de día y de noche.');
    expect(es).not.toMatch(/Vive en su casa|Duerme en su casa/);
    expect(es).toContain('Qué llevar');
    expect(es).toContain('Si su abstinencia no parece peligrosa, su equipo de salud puede cambiar su plan.');
  });

  it('the appointment card on the client PDF and link: where, when in the clinic’s time, the phone to tap, what to bring', async () => {
    const appointment = plan.appointments[0];
    if (!appointment?.startsAt) throw new Error('the plan has a dated appointment');
    expect(appointment.startsAt.slice(11)).toBe('09:30');
    const when = formatLocalDateTime(appointment.startsAt, 'en');
    expect(when).toMatch(/^\w+day, \w+ \d+, \d{4} at 9:30 AM$/);
    const en = await pdf('audience=client&lang=en');
    const card = en.slice(en.indexOf('First day at your program: Eastside IOP'));
    expect(card).toMatch(
      new RegExp(
        `^First day at your program: Eastside IOP When: ${when} Where: 12 Main Street, Springfield Phone: \\(555\\) 010-0188 What to bring: A photo ID, your insurance card if you have one, and this plan\\. Bring your medicines in their bottles, or a list of them\\.`,
      ),
    );
    // The phone is a link a phone can tap in the PDF too (a URI annotation, written uncompressed).
    const bytes = await (
      await send(server, session, 'GET', `/api/v1/plans/${plan.id}/pdf?audience=client`)
    ).arrayBuffer();
    expect(Buffer.from(bytes).toString('latin1')).toContain('/URI (tel:5550100188)');
    const es = await pdf('audience=client&lang=es');
    expect(es).toContain(`Cuándo: ${formatLocalDateTime(appointment.startsAt, 'es')}`);
    expect(es).toContain('Dónde: 12 Main Street, Springfield');

    const share = await expectJson<{ url: string }>(
      await send(server, session, 'POST', `/api/v1/plans/${plan.id}/share`),
      201,
    );
    const html = await (await fetch(share.url)).text();
    for (const part of [
      'First day at your program: Eastside IOP',
      when,
      '12 Main Street, Springfield',
      '<a href="tel:5550100188">(555) 010-0188</a>',
      'A photo ID, your insurance card if you have one, and this plan.',
    ]) {
      expect(html, part).toContain(part);
    }
  });

  it('the clinical record leads with the care sequence and records medications and appointments', async () => {
    const text = await pdf('audience=clinician');
    const sequence = text.indexOf('Care sequence (first step first)');
    expect(sequence).toBeGreaterThan(-1);
    expect(sequence).toBeLessThan(text.indexOf('Level of care'));
    expect(text).toContain('1. Withdrawal management, residential (24-hour), medically monitored');
    expect(text).toContain('Naltrexone');
    expect(text).toContain('Bridge supply until');
    expect(text).toContain(`Discharge date: ${plan.dischargeDate ?? ''}`);
    expect(text).toContain('Eastside IOP');
  });

  it('the FHIR CarePlan leads with the first step and contains a MedicationStatement and an Appointment, valid R4', async () => {
    const response = await send(server, session, 'GET', `/fhir/R4/CarePlan/${plan.id}`);
    expect(response.status).toBe(200);
    const carePlan = (await response.json()) as CarePlan;
    expect(fhirErrors(carePlan)).toEqual([]);
    expect(carePlan.description).toMatch(
      /^First step: Withdrawal management, residential \(24-hour\), medically monitored\./,
    );
    const contained = carePlan.contained ?? [];
    const medication = contained.find((item) => item.resourceType === 'MedicationStatement');
    expect(medication).toMatchObject({
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'Naltrexone' },
      dosage: [{ text: '50 mg each morning' }],
      informationSource: { display: 'Dr. Amaka Rao' },
    });
    expect(JSON.stringify(medication)).toContain('Bridge supply given at discharge lasts until');
    expect(carePlan.supportingInfo?.map((item) => item.reference)).toContain(`#${medication?.id ?? ''}`);
    const appointment = contained.find((item) => item.resourceType === 'Appointment');
    expect(appointment).toMatchObject({ resourceType: 'Appointment', status: 'booked' });
    expect(carePlan.activity?.some((item) => item.reference?.reference === `#${appointment?.id ?? ''}`)).toBe(true);
  });

  it('discloses the transition summary only under a full-plan consent naming the receiving program, with the notice, audited', async () => {
    const path = `/api/v1/plans/${plan.id}/pdf?audience=receiving`;
    const missing = await expectProblem(await send(server, session, 'GET', path), 400, 'invalid_input');
    expect(missing.errors?.map((issue) => issue.path)).toEqual(['consent']);
    // A consent naming a program the client was never referred to discloses nothing.
    const notReferred = await consentFor('Eastside IOP', 'full-plan');
    await expectProblem(await send(server, session, 'GET', `${path}&consent=${notReferred.id}`), 409, 'conflict');
    await ensureProgram(server.database.handle.db, receiving);
    await expectJson(
      await send(server, session, 'POST', `/api/v1/clients/${plan.clientId}/referrals`, {
        json: { programId: receiving.id },
      }),
      201,
    );
    // A summary-only consent does not cover medications and appointments.
    const summaryOnly = await consentFor('Eastside IOP', 'plan-summary');
    await expectProblem(await send(server, session, 'GET', `${path}&consent=${summaryOnly.id}`), 409, 'conflict');
    const response = await send(server, session, 'GET', `${path}&consent=${notReferred.id}`);
    expect(response.status).toBe(200);
    const text = pdfText(await response.arrayBuffer()).text;
    expect(text).toContain('Transition summary for the receiving program');
    expect(text).toContain('For: Eastside IOP');
    expect(text).toContain('Notice required by federal law (42 CFR 2.32)');
    expect(text.indexOf('Care sequence (first step first)')).toBeLessThan(text.indexOf('Level of care chosen'));
    expect(text).toContain('Naltrexone');
    expect(text).toContain('Bridge supply until');
    expect(text).toContain('Reasons');
    expect(text).not.toContain('Private clinician note');
    const actions = (await listAuditEventsOfClient(server.database.handle.db, plan.clientId)).map(
      (event) => `${event.action}:${event.outcome}`,
    );
    expect(actions).toContain('plan.disclose.receiving:success');
    expect(actions).toContain('consent.use:success');
    // Revoked: nothing more is disclosed.
    const revoked = await send(server, session, 'POST', `/api/v1/consents/${notReferred.id}/revoke`);
    expect(revoked.status).toBeLessThan(300);
    await expectProblem(await send(server, session, 'GET', `${path}&consent=${notReferred.id}`), 409, 'conflict');
  });

  it('discloses the CarePlan to the receiving program only under a full-plan consent naming it, with the notice, audited', async () => {
    const path = `/fhir/R4/CarePlan/${plan.id}?audience=receiving`;
    // As the PDF: without a consent, refused naming the consent; a consent is only for the receiving program.
    const missing = await expectProblem(await send(server, session, 'GET', path), 400, 'invalid_input');
    expect(missing.errors?.map((issue) => issue.path)).toEqual(['consent']);
    const northside = programFixture({ name: 'Northside Medication Clinic' });
    await ensureProgram(server.database.handle.db, northside);
    await expectJson(
      await send(server, session, 'POST', `/api/v1/clients/${plan.clientId}/referrals`, {
        json: { programId: northside.id },
      }),
      201,
    );
    const withConsent = `${path}&consent=`;
    const other = await consentFor('Lakeview Outpatient');
    await expectProblem(await send(server, session, 'GET', `${withConsent}${other.id}`), 409, 'conflict');
    const right = await consentFor('Northside Medication Clinic');
    const stray = await expectProblem(
      await send(server, session, 'GET', `/fhir/R4/CarePlan/${plan.id}?consent=${right.id}`),
      400,
      'invalid_input',
    );
    expect(stray.errors?.map((issue) => issue.path)).toEqual(['consent']);
    // Goals met are the clinic's own record of progress: marked here, never disclosed with the plan.
    const goalId = plan.goals[0]?.id ?? '';
    expect(
      (await send(server, session, 'PUT', `/api/v1/plans/${plan.id}/goals/${goalId}/status`, { json: { met: true } }))
        .status,
    ).toBe(200);
    const auditedBefore = (await listAuditEventsOfClient(server.database.handle.db, plan.clientId)).length;

    const response = await send(server, session, 'GET', `${withConsent}${right.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const carePlan = (await response.json()) as CarePlan;
    expect(fhirErrors(carePlan)).toEqual([]);
    expect(carePlan.status).toBe('active');
    expect(carePlan.meta?.security?.map((label) => label.code)).toEqual(['R', '42CFRPart2', 'NORDSCLCD']);
    expect(carePlan.note?.[0]?.text).toMatch(/^Notice required by federal law \(42 CFR 2\.32\): This information/);
    expect(carePlan.note?.[1]?.text).toContain('Disclosed to Northside Medication Clinic');
    expect(carePlan.supportingInfo?.map((item) => item.reference)).toContain(`Consent/${right.id}`);
    expect(carePlan.description).toMatch(/^First step: Withdrawal management/);
    const contained = carePlan.contained ?? [];
    expect(contained.map((item) => item.resourceType)).toEqual(
      expect.arrayContaining(['MedicationStatement', 'Appointment']),
    );
    // The reasons for the level of care travel with it; the clinician's private notes never do.
    const levelOfCare = carePlan.activity?.[0]?.detail;
    expect(levelOfCare?.reasonCode?.map((reason) => reason.text)).toEqual(plan.reasons.map((reason) => reason.text));
    expect(JSON.stringify(carePlan)).not.toContain('Private clinician note');
    expect(JSON.stringify(carePlan)).not.toContain('achievementStatus');

    const events = (await listAuditEventsOfClient(server.database.handle.db, plan.clientId)).slice(auditedBefore);
    expect(events.map((event) => `${event.action}:${event.outcome}:${event.resourceId ?? ''}`)).toEqual([
      `plan.disclose.receiving.fhir:success:${plan.id}`,
      `consent.use:success:${right.id}`,
    ]);
    // Revoked: nothing more is disclosed.
    expect((await send(server, session, 'POST', `/api/v1/consents/${right.id}/revoke`)).status).toBeLessThan(300);
    await expectProblem(await send(server, session, 'GET', `${withConsent}${right.id}`), 409, 'conflict');
  });

  it('the client link leads the same way, with the phone as a tel: link', async () => {
    const share = await expectJson<{ url: string }>(
      await send(server, session, 'POST', `/api/v1/plans/${plan.id}/share`),
      201,
    );
    const html = await (await fetch(share.url)).text();
    const first = html.indexOf('First: Withdrawal care with nurses and doctors, day and night.');
    expect(first).toBeGreaterThan(-1);
    expect(html.indexOf('Then, when that is done:')).toBeGreaterThan(first);
    expect(html).not.toMatch(/You live at home|You sleep at home/);
    expect(html).toContain('<a href="tel:5550100188">(555) 010-0188</a>');
    expect(html).toContain('Get your next supply before then.');
    expect(html).toContain('What could change your plan');
    expect(html).toContain('If your withdrawal is not likely to be dangerous, your care team may change your plan.');
  });
});
