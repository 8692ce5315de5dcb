/**
 * An archived client over HTTP, on SQLite and PostgreSQL: every change to their records (details,
 * assessments, plans and their amendments, finalising, acknowledging, referrals, new consents and
 * links) is refused with 409 and changes and records nothing; reading and exporting still work, and
 * so do revoking a consent and turning a link off, which protect the client. Restoring (idempotent,
 * audited) opens the records to changes again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEventsOfClient } from '../../src/storage/audit.js';
import { ensureProgram } from '../fixtures/programs.js';
import { testDialects } from '../support/databases.js';
import { assessmentDocument, expectJson, expectProblem, send } from '../support/http.js';
import {
  completed,
  dayFromNow,
  documentOf,
  draftPlan,
  finalisedPlan,
  type PlanBody,
  savePlan,
} from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

interface ClientBody {
  id: string;
  displayName: string;
  archived: boolean;
  archivedAt: string | null;
  updatedAt: string;
}

describe.each(testDialects())('archived clients on %s', (dialect) => {
  let server: TestServer;
  let clinician: Session;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
  });
  afterAll(async () => {
    await server.close();
  });

  /** A client with a finalised plan, a finalisable draft, a referral, a consent and a link; then archived. */
  async function archivedClientWithRecords() {
    const { clientId, plan: final } = await finalisedPlan(server, clinician, 'Morgan Archer');
    const started = await draftPlan(server, clinician, clientId);
    const draft = await savePlan(server, clinician, started, completed(documentOf(started), dayFromNow(server, 30)));
    const program = await ensureProgram(server.database.handle.db);
    const referral = await expectJson<{ id: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/referrals`, {
        json: { programId: program.id },
      }),
      201,
    );
    const consent = await expectJson<{ id: string }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/consents`, {
        json: consentBody(final.id),
      }),
      201,
    );
    const share = await expectJson<{ code: string }>(
      await send(server, clinician, 'POST', `/api/v1/plans/${final.id}/share`),
      201,
    );
    const archived = await expectJson<ClientBody>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/archive`),
      200,
    );
    expect(archived.archived).toBe(true);
    return { clientId, final, draft, programId: program.id, referralId: referral.id, consentId: consent.id, share };
  }

  function consentBody(planId: string): Record<string, unknown> {
    return {
      planId,
      scope: 'plan-summary',
      consentType: 'specific',
      patientName: 'Morgan Archer',
      discloser: 'The clinic',
      recipient: { name: 'Sam Archer', relationship: 'brother' },
      purpose: 'To help me with my recovery at home',
      expiresOn: dayFromNow(server, 30),
      revocation: 'You can take this back at any time, in writing.',
      signature: { signedBy: 'patient', name: 'Morgan Archer' },
      signedOn: dayFromNow(server, 0),
    };
  }

  it('refuses every change to the records with 409, and changes and records nothing', async () => {
    const records = await archivedClientWithRecords();
    const { clientId, final, draft } = records;
    const eventsBefore = (await listAuditEventsOfClient(server.database.handle.db, clientId)).length;
    const changes: Array<{ method: string; path: string; json?: unknown; headers?: Record<string, string> }> = [
      { method: 'PATCH', path: `/api/v1/clients/${clientId}`, json: { displayName: 'Renamed' } },
      { method: 'POST', path: `/api/v1/clients/${clientId}/assessments`, json: assessmentDocument() },
      { method: 'POST', path: `/api/v1/clients/${clientId}/plans`, json: {} },
      {
        method: 'PUT',
        path: `/api/v1/plans/${draft.id}`,
        json: { ...documentOf(draft), notes: 'Edited while archived' },
        headers: { 'if-match': `"${draft.version}"` },
      },
      {
        method: 'POST',
        path: `/api/v1/plans/${draft.id}/finalize`,
        json: { version: draft.version, attestation: true },
      },
      // An amendment of the finalised plan.
      {
        method: 'PUT',
        path: `/api/v1/plans/${final.id}`,
        json: { ...documentOf(final), notes: 'Amended while archived' },
        headers: { 'if-match': `"${final.version}"` },
      },
      { method: 'POST', path: `/api/v1/plans/${final.id}/acknowledgement`, json: {} },
      { method: 'POST', path: `/api/v1/clients/${clientId}/referrals`, json: { programId: records.programId } },
      { method: 'PATCH', path: `/api/v1/referrals/${records.referralId}`, json: { status: 'accepted' } },
      { method: 'POST', path: `/api/v1/clients/${clientId}/consents`, json: consentBody(final.id) },
      { method: 'POST', path: `/api/v1/plans/${final.id}/share` },
    ];
    for (const change of changes) {
      const problem = await expectProblem(
        await send(server, clinician, change.method, change.path, {
          ...(change.json === undefined ? {} : { json: change.json }),
          ...(change.headers === undefined ? {} : { headers: change.headers }),
        }),
        409,
        'conflict',
      );
      expect(problem.detail, `${change.method} ${change.path}`).toMatch(
        /^This client is archived; restore them before [a-z ]+\.$/,
      );
    }
    expect(await listAuditEventsOfClient(server.database.handle.db, clientId)).toHaveLength(eventsBefore);

    // Everything is as it was.
    const client = await expectJson<ClientBody>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}`),
      200,
    );
    expect(client).toMatchObject({ displayName: 'Morgan Archer', archived: true });
    const plans = await expectJson<{ items: PlanBody[] }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/plans`),
      200,
    );
    expect(plans.items.map((plan) => [plan.id, plan.version, plan.status, plan.acknowledgements.length])).toEqual([
      [draft.id, draft.version, 'draft', 0],
      [final.id, final.version, 'final', 0],
    ]);
    const referrals = await expectJson<{ items: Array<{ status: string }> }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/referrals`),
      200,
    );
    expect(referrals.items.map((referral) => referral.status)).toEqual(['sent']);
    const consents = await expectJson<{ items: unknown[] }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/consents`),
      200,
    );
    expect(consents.items).toHaveLength(1);
    const assessments = await expectJson<{ items: unknown[] }>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}/assessments`),
      200,
    );
    expect(assessments.items).toHaveLength(1);
  });

  it('still reads and exports the records, and still revokes a consent and turns a link off', async () => {
    const { clientId, final, consentId, share } = await archivedClientWithRecords();
    await expectJson(await send(server, clinician, 'GET', `/api/v1/plans/${final.id}`), 200);
    const pdf = await send(server, clinician, 'GET', `/api/v1/plans/${final.id}/pdf?audience=clinician`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    await pdf.arrayBuffer();
    const fhir = await expectJson<{ resourceType: string }>(
      await send(server, clinician, 'GET', `/fhir/R4/CarePlan/${final.id}`),
      200,
    );
    expect(fhir.resourceType).toBe('CarePlan');
    const link = await fetch(`${server.baseUrl}/share/${share.code}`);
    expect(link.status).toBe(200);
    await link.arrayBuffer();

    const revoked = await expectJson<{ status: string }>(
      await send(server, clinician, 'POST', `/api/v1/consents/${consentId}/revoke`),
      200,
    );
    expect(revoked.status).toBe('revoked');
    expect(
      await expectJson<{ revoked: number }>(
        await send(server, clinician, 'DELETE', `/api/v1/plans/${final.id}/share`),
        200,
      ),
    ).toEqual({ revoked: 1 });
    const gone = await fetch(`${server.baseUrl}/share/${share.code}`);
    expect(gone.status).toBe(410);
    await gone.arrayBuffer();
    const actions = (await listAuditEventsOfClient(server.database.handle.db, clientId)).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['consent.revoke', 'plan.share.revoke']));
  });

  it('restores a client (idempotent, audited), and their records can change again', async () => {
    const { clientId, draft, referralId } = await archivedClientWithRecords();
    server.advance(1_000);
    const restored = await expectJson<ClientBody>(
      await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/restore`),
      200,
    );
    expect(restored).toMatchObject({ id: clientId, archived: false, archivedAt: null });
    server.advance(1_000);
    // Restoring again changes nothing, and says so by answering the same client.
    expect(
      await expectJson<ClientBody>(await send(server, clinician, 'POST', `/api/v1/clients/${clientId}/restore`), 200),
    ).toEqual(restored);
    const listed = await expectJson<{ items: Array<{ id: string }> }>(
      await send(server, clinician, 'GET', '/api/v1/clients?limit=100'),
      200,
    );
    expect(listed.items.map((item) => item.id)).toContain(clientId);

    await expectJson(
      await send(server, clinician, 'PATCH', `/api/v1/clients/${clientId}`, {
        json: { displayName: 'Morgan Archer-Lee' },
      }),
      200,
    );
    const revised = await expectJson<PlanBody>(
      await send(server, clinician, 'PUT', `/api/v1/plans/${draft.id}`, {
        json: { ...documentOf(draft), notes: 'Back in care' },
        headers: { 'if-match': `"${draft.version}"` },
      }),
      200,
    );
    expect(revised.version).toBe(draft.version + 1);
    await expectJson(
      await send(server, clinician, 'PATCH', `/api/v1/referrals/${referralId}`, { json: { status: 'accepted' } }),
      200,
    );
    const actions = (await listAuditEventsOfClient(server.database.handle.db, clientId)).map((event) => event.action);
    expect(actions.filter((action) => action === 'client.restore')).toHaveLength(2);
  });

  it('answers a restore of another organisation’s client, or of no client, as not found', async () => {
    const { clientId } = await archivedClientWithRecords();
    const outsider = await signIn(server, (await server.addUser(await server.addOrganization(), 'clinician')).email);
    await expectProblem(await send(server, outsider, 'POST', `/api/v1/clients/${clientId}/restore`), 404, 'not_found');
    await expectProblem(
      await send(server, clinician, 'POST', '/api/v1/clients/00000000-0000-4000-8000-000000000000/restore'),
      404,
      'not_found',
    );
    const client = await expectJson<ClientBody>(
      await send(server, clinician, 'GET', `/api/v1/clients/${clientId}`),
      200,
    );
    expect(client.archived).toBe(true);
  });
});
