/**
 * The program directory has an owner (issue 12, item 3). The probe found that any clinic's admin
 * edited the shared directory (phone, accepting clients, tracks) for every clinic, and only their
 * own audit log showed it. Now: directory programs change only through the operator's command
 * line, audited as the system; a clinic's admins add and change their clinic's own programs; a
 * clinic keeps its own note on any program, seen by its users alone; and every change is kept with
 * who, when, before and after. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/storage/audit.js';
import { getProgram } from '../../src/storage/programs.js';
import type { Organization } from '../../src/storage/records.js';
import { ensureProgram } from '../fixtures/programs.js';
import { runStepdown, tempDataDir } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { expectJson, expectProblem, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

interface ProgramBody {
  id: string;
  name: string;
  contact: { phone: string | null };
  ownedBy: string | null;
  editable: boolean;
  note: { text: string } | null;
  provenance: { source: string; label: string };
}

interface HistoryBody {
  items: Array<{
    action: string;
    by: { kind: string; organization: string | null; user: string | null };
    before: Record<string, unknown> | null;
    after: Record<string, unknown>;
  }>;
}

describe.each(testDialects())('the program directory has an owner (%s)', (dialect) => {
  let database: TestDatabase;
  let server: TestServer;
  let harbor: Organization;
  let lakeside: Organization;
  let harborAdmin: Session;
  let harborClinician: Session;
  let lakesideAdmin: Session;
  let directoryId: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    server = await startTestServer(dialect, {}, database);
    harbor = await server.addOrganization('Harbor House');
    lakeside = await server.addOrganization('Lakeside Clinic');
    harborAdmin = await signIn(server, (await server.addUser(harbor, 'admin')).email);
    harborClinician = await signIn(server, (await server.addUser(harbor, 'clinician')).email);
    lakesideAdmin = await signIn(server, (await server.addUser(lakeside, 'admin')).email);
    directoryId = (await ensureProgram(database.handle.db)).id;
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  it('refuses a clinic admin’s change to a directory program (403), changes nothing, and logs the attempt', async () => {
    const before = await getProgram(database.handle.db, directoryId);
    const patch = await send(server, lakesideAdmin, 'PATCH', `/api/v1/programs/${directoryId}`, {
      json: { contact: { phone: '555-0666' }, acceptingNewClients: { value: false } },
    });
    const problem = await expectProblem(patch, 403, 'forbidden');
    expect(problem.detail).toMatch(/only the operator changes it/);
    await expectProblem(
      await send(server, lakesideAdmin, 'PUT', `/api/v1/programs/${directoryId}/tracks`, { json: { tracks: [] } }),
      403,
      'forbidden',
    );
    expect(await getProgram(database.handle.db, directoryId)).toEqual(before);
    const events = await listAuditEvents(database.handle.db, lakeside.id, { limit: 5 });
    expect(events.items.slice(0, 2).map((event) => [event.action, event.outcome])).toEqual([
      ['program.tracks.replace', 'denied'],
      ['program.update', 'denied'],
    ]);
  });

  it('lets a clinic add and change its own programs, and no other clinic change them', async () => {
    const created = await expectJson<ProgramBody>(
      await send(server, harborAdmin, 'POST', '/api/v1/programs', {
        json: {
          name: 'Harbor Evening IOP',
          setting: 'iop',
          location: { street1: '1 Dock Street', city: 'Cambridge', state: 'MA', zip: '02139' },
          contact: { phone: '555-0100' },
        },
      }),
      201,
    );
    expect(created).toMatchObject({ ownedBy: 'Harbor House', editable: true, note: null });
    expect(created.provenance).toMatchObject({ source: 'clinic' });
    expect(created.provenance.label).toMatch(/^listed by Harbor House/);

    const changed = await expectJson<ProgramBody>(
      await send(server, harborAdmin, 'PATCH', `/api/v1/programs/${created.id}`, {
        json: { contact: { phone: '555-0101' } },
      }),
      200,
    );
    expect(changed.contact.phone).toBe('555-0101');
    await expectJson(
      await send(server, harborAdmin, 'PUT', `/api/v1/programs/${created.id}/tracks`, {
        json: { tracks: [{ name: 'Evening', slots: [{ day: 'mon', start: '18:00', end: '21:00' }] }] },
      }),
      200,
    );

    // Another clinic sees it in the directory but cannot change it; the clinic's clinician neither.
    const seen = await expectJson<ProgramBody>(
      await send(server, lakesideAdmin, 'GET', `/api/v1/programs/${created.id}`),
      200,
    );
    expect(seen).toMatchObject({ ownedBy: 'Harbor House', editable: false });
    const other = await expectProblem(
      await send(server, lakesideAdmin, 'PATCH', `/api/v1/programs/${created.id}`, {
        json: { contact: { phone: '555-0666' } },
      }),
      403,
      'forbidden',
    );
    expect(other.detail).toMatch(/Another clinic listed this program/);
    await expectProblem(
      await send(server, harborClinician, 'PATCH', `/api/v1/programs/${created.id}`, {
        json: { contact: { phone: '555-0666' } },
      }),
      403,
      'forbidden',
    );
    expect((await getProgram(database.handle.db, created.id))?.program.contact.phone).toBe('555-0101');

    // Who, when, before and after; the other clinic sees the clinic, not the person.
    const own = await expectJson<HistoryBody>(
      await send(server, harborClinician, 'GET', `/api/v1/programs/${created.id}/history`),
      200,
    );
    expect(own.items.map((item) => item.action)).toEqual(['tracks', 'update', 'create']);
    expect(own.items[1]).toMatchObject({
      by: { kind: 'clinic', organization: 'Harbor House', user: expect.any(String) as string },
      before: { contact: { phone: '555-0100', intakePhone: null, website: null } },
      after: { contact: { phone: '555-0101', intakePhone: null, website: null } },
    });
    expect(own.items[0]).toMatchObject({ before: { tracks: [] }, after: { tracks: [{ name: 'Evening' }] } });
    const theirs = await expectJson<HistoryBody>(
      await send(server, lakesideAdmin, 'GET', `/api/v1/programs/${created.id}/history`),
      200,
    );
    expect(theirs.items[1]?.by).toEqual({ kind: 'clinic', organization: 'Harbor House', user: null });
    await expectProblem(
      await send(server, null, 'GET', `/api/v1/programs/${created.id}/history`),
      401,
      'unauthenticated',
    );
  });

  it('keeps a clinic’s note on a directory program for that clinic alone', async () => {
    const set = await expectJson<{ note: { text: string } | null }>(
      await send(server, lakesideAdmin, 'PUT', `/api/v1/programs/${directoryId}/note`, {
        json: { text: 'Intake line answers before 10am only.' },
      }),
      200,
    );
    expect(set.note?.text).toBe('Intake line answers before 10am only.');
    const forLakeside = await expectJson<ProgramBody>(
      await send(server, lakesideAdmin, 'GET', `/api/v1/programs/${directoryId}`),
      200,
    );
    expect(forLakeside.note?.text).toBe('Intake line answers before 10am only.');
    for (const session of [harborAdmin, harborClinician, null]) {
      const body = await expectJson<ProgramBody>(
        await send(server, session, 'GET', `/api/v1/programs/${directoryId}`),
        200,
      );
      expect(body.note).toBeNull();
    }
    const lakesideHistory = await expectJson<HistoryBody>(
      await send(server, lakesideAdmin, 'GET', `/api/v1/programs/${directoryId}/history`),
      200,
    );
    expect(lakesideHistory.items[0]).toMatchObject({
      action: 'note',
      before: { note: null },
      after: { note: 'Intake line answers before 10am only.' },
    });
    const harborHistory = await expectJson<HistoryBody>(
      await send(server, harborAdmin, 'GET', `/api/v1/programs/${directoryId}/history`),
      200,
    );
    expect(harborHistory.items.filter((item) => item.action === 'note')).toEqual([]);
    // An empty note removes it; a clinician may read but not write it.
    await expectProblem(
      await send(server, harborClinician, 'PUT', `/api/v1/programs/${directoryId}/note`, { json: { text: 'x' } }),
      403,
      'forbidden',
    );
    const removed = await expectJson<{ note: unknown }>(
      await send(server, lakesideAdmin, 'PUT', `/api/v1/programs/${directoryId}/note`, { json: { text: '' } }),
      200,
    );
    expect(removed.note).toBeNull();
  });

  it('changes a directory program through the command line only, audited as the system, with its history', async () => {
    const dataDir = tempDataDir();
    const env = {
      DATABASE_URL: database.url,
      STEPDOWN_DATA_DIR: dataDir,
      STEPDOWN_SECRET: 'a-secret-for-the-operator-tests-0123456789',
    };
    const edited = await runStepdown(['programs', 'edit', directoryId, '-'], {
      env,
      input: JSON.stringify({ contact: { phone: '617-555-0100' }, acceptingNewClients: { value: false } }),
    });
    expect({ code: edited.code, stderr: edited.stderr }).toMatchObject({ code: 0 });
    expect(edited.stdout).toContain('contact, acceptingNewClients');
    const refused = await runStepdown(['programs', 'edit', directoryId, '-'], { env, input: '{"telehealth": "yes"}' });
    expect({ code: refused.code, stderr: refused.stderr }).toMatchObject({ code: 2 });
    expect(refused.stderr).toContain('telehealth');

    const program = await expectJson<ProgramBody>(
      await send(server, null, 'GET', `/api/v1/programs/${directoryId}`),
      200,
    );
    expect(program.contact.phone).toBe('617-555-0100');
    const history = await expectJson<HistoryBody>(
      await send(server, harborAdmin, 'GET', `/api/v1/programs/${directoryId}/history`),
      200,
    );
    expect(history.items[0]).toMatchObject({
      action: 'update',
      by: { kind: 'operator', organization: null, user: null },
      after: { acceptingNewClients: { value: false } },
    });
    const system = await database.handle.db
      .selectFrom('audit_events')
      .select(['action', 'actor_kind', 'organization_id'])
      .where('resource_id', '=', directoryId)
      .where('actor_kind', '=', 'system')
      .execute();
    expect(system).toEqual([{ action: 'program.update', actor_kind: 'system', organization_id: null }]);

    const shown = await runStepdown(['programs', 'history', directoryId], { env });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'update', actorKind: 'system' })]),
    );
  }, 60_000);
});
