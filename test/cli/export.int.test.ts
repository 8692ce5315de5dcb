/**
 * `stepdown export --org NAME` as an operator runs it, on SQLite and PostgreSQL: every kind of
 * record of one organisation as NDJSON, nothing of another organisation, no password or code
 * hashes, an audit event for the organisation and for each client, and the file rules of --out.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents, listAuditEventsOfClient } from '../../src/storage/audit.js';
import { type CommandResult, runStepdown, tempDataDir } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';
import { type SeededOrganization, seedOrganization } from '../support/organization-records.js';

/** A few seconds per run on a busy machine. */
const SPAWN_TIMEOUT = 120_000;

type Line = { type: string } & Record<string, unknown>;

function parseLines(text: string): Line[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}

function expectExit(result: CommandResult, code: number): void {
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toMatchObject({ code });
}

function ofType(lines: Line[], type: string): Line[] {
  return lines.filter((line) => line.type === type);
}

describe.each(testDialects())('stepdown export on %s', (dialect) => {
  let database: TestDatabase;
  let dataDir: string;
  let clinic: SeededOrganization;
  let other: SeededOrganization;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dataDir = tempDataDir();
    clinic = await seedOrganization(database.handle);
    other = await seedOrganization(database.handle);
    env = { DATABASE_URL: database.url, STEPDOWN_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'writes every record of the organisation, and nothing of another, to standard output',
    async () => {
      const result = await runStepdown(['export', '--org', clinic.name], { env });
      expectExit(result, 0);
      expect(result.stderr).toBe('');
      const lines = parseLines(result.stdout);

      expect(lines[0]).toMatchObject({
        type: 'stepdown-export',
        format: 'stepdown/export@1',
        organization: { id: clinic.organizationId, name: clinic.name },
      });
      expect(Date.parse(String(lines[0]?.exportedAt))).not.toBeNaN();
      const end = lines.at(-1);
      expect(end?.type).toBe('stepdown-export-end');
      expect(end?.counts).toEqual({
        organizations: 1,
        users: 2,
        clients: 2,
        assessments: 1,
        assessmentVersions: 2,
        plans: 1,
        planVersions: 1,
        planAcknowledgements: 1,
        planShareCodes: 1,
        consents: 1,
        referrals: 1,
        measures: 1,
        measureAlerts: 1,
        measureSchedules: 1,
        checkInLinks: 1,
        checkInReminders: 1,
        goalStatuses: 1,
        stepSignals: 1,
        cdsFeedback: 1,
        auditEvents: ofType(lines, 'audit-event').length,
      });
      expect(lines.map((line) => line.type).filter((type, i, all) => all.indexOf(type) === i)).toEqual([
        'stepdown-export',
        'organization',
        'user',
        'client',
        'assessment',
        'plan',
        'consent',
        'referral',
        'measure',
        'measure-schedule',
        'check-in-link',
        'check-in-reminder',
        'goal-status',
        'step-signal',
        'cds-feedback',
        'audit-event',
        'stepdown-export-end',
      ]);
      expect(ofType(lines, 'organization')).toEqual([expect.objectContaining({ id: clinic.organizationId })]);
      expect(ofType(lines, 'user').map((user) => user.id)).toEqual(expect.arrayContaining(clinic.userIds));
      // Archived clients are part of the record.
      expect(
        ofType(lines, 'client')
          .map((client) => client.id)
          .sort(),
      ).toEqual([...clinic.clientIds].sort());
      expect(ofType(lines, 'client').find((client) => client.id === clinic.archivedClientId)?.archivedAt).toEqual(
        expect.any(String),
      );

      const [assessment] = ofType(lines, 'assessment');
      expect(assessment).toMatchObject({ clientId: clinic.clientId, currentVersion: 2 });
      const versions = assessment?.versions as Array<Record<string, unknown>>;
      expect(versions.map((version) => version.version)).toEqual([1, 2]);
      for (const version of versions) {
        expect(version.document).toMatchObject({ schema: 'stepdown/assessment@1' });
        expect(version.recommendation).toMatchObject({ schema: 'stepdown/recommendation@1' });
        expect(version.ruleset).toMatchObject({ id: 'stepdown-default' });
      }

      const [plan] = ofType(lines, 'plan');
      expect(plan).toMatchObject({ id: clinic.planId, clientId: clinic.clientId, latestFinalVersion: 1 });
      expect(plan?.versions).toEqual([expect.objectContaining({ version: 1, status: 'final' })]);
      expect(plan?.acknowledgements).toEqual([expect.objectContaining({ via: 'clinician', planVersion: 1 })]);
      expect(plan?.shareCodes).toEqual([expect.objectContaining({ planId: clinic.planId, revokedAt: null })]);

      expect(ofType(lines, 'consent')).toEqual([
        expect.objectContaining({ clientId: clinic.clientId, planId: clinic.planId, scope: 'plan-summary' }),
      ]);
      const [referral] = ofType(lines, 'referral');
      expect(referral).toMatchObject({ clientId: clinic.clientId, status: 'accepted' });
      expect(ofType(lines, 'measure')).toEqual([
        expect.objectContaining({
          clientId: clinic.clientId,
          instrumentId: 'phq-9',
          total: 9,
          alerts: [expect.objectContaining({ kind: 'safety', item: 9 })],
        }),
      ]);
      expect(ofType(lines, 'measure-schedule')).toEqual([
        expect.objectContaining({ clientId: clinic.clientId, entries: [{ instrument: 'phq-9', everyDays: 7 }] }),
      ]);
      const [link] = ofType(lines, 'check-in-link');
      expect(link).toMatchObject({ clientId: clinic.clientId, instruments: ['phq-9'], usedAt: null });
      expect(Object.keys(link ?? {}).filter((key) => /code|hash/i.test(key))).toEqual([]);
      expect(ofType(lines, 'check-in-reminder')).toEqual([
        expect.objectContaining({ clientId: clinic.clientId, status: 'sent', linkId: link?.id }),
      ]);
      expect(ofType(lines, 'goal-status')).toEqual([
        expect.objectContaining({ planId: clinic.planId, goalId: 'goal-1', met: true, note: 'Met at the review' }),
      ]);
      expect(ofType(lines, 'step-signal')).toEqual([
        expect.objectContaining({
          clientId: clinic.clientId,
          rule: 'step-up.missed-sessions',
          state: 'acted-on',
          note: 'Called; back next week',
          basis: [expect.objectContaining({ fact: 'missedSessions', value: 2 })],
        }),
      ]);
      expect(referral?.history).toEqual([
        expect.objectContaining({ status: 'sent' }),
        expect.objectContaining({ status: 'accepted' }),
      ]);
      expect(referral?.program).toMatchObject({ setting: 'iop' });
      expect(String((referral?.program as { name?: unknown } | null)?.name)).toMatch(/^Referral Target /);
      expect(ofType(lines, 'audit-event').length).toBeGreaterThanOrEqual(2);
      for (const event of ofType(lines, 'audit-event')) expect(event.organizationId).toBe(clinic.organizationId);

      // No secrets, and nothing of the other organisation.
      expect(result.stdout).not.toMatch(/argon2/i);
      for (const secret of clinic.secrets) expect(result.stdout).not.toContain(secret);
      expect(result.stdout).not.toMatch(/password|codeHash|code_hash|csrf/i);
      for (const id of [other.organizationId, ...other.userIds, ...other.clientIds, other.planId]) {
        expect(result.stdout).not.toContain(id);
      }
      for (const name of [other.name, ...other.names]) expect(result.stdout).not.toContain(name);

      // Recorded: once for the organisation, once for each client, by the system.
      const events = await listAuditEvents(database.handle.db, clinic.organizationId, {
        action: 'organization.export',
        limit: 100,
      });
      expect(events.items).toHaveLength(3);
      expect(events.items.every((event) => event.actorKind === 'system' && event.outcome === 'success')).toBe(true);
      expect(events.items.find((event) => event.resourceType === 'organization')).toMatchObject({
        resourceId: clinic.organizationId,
        clientId: null,
      });
      for (const clientId of clinic.clientIds) {
        expect(
          (await listAuditEventsOfClient(database.handle.db, clientId)).filter(
            (event) => event.action === 'organization.export',
          ),
        ).toEqual([expect.objectContaining({ resourceType: 'client', resourceId: clientId, outcome: 'success' })]);
      }
      const otherEvents = await listAuditEvents(database.handle.db, other.organizationId, {
        action: 'organization.export',
        limit: 100,
      });
      expect(otherEvents.items).toEqual([]);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'writes --out FILE whole, readable only by its owner, and refuses to replace it without --force',
    async () => {
      const folder = join(dataDir, 'exports');
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder);
      const file = join(folder, 'clinic.ndjson');

      const written = await runStepdown(['export', '--org', clinic.name, '--out', file], { env });
      expectExit(written, 0);
      expect(written.stdout).toMatch(
        new RegExp(`^Exported ${clinic.name} to ${file}: 2 clients, 1 assessment, 1 plan, \\d+ audit events\n$`),
      );
      const lines = parseLines(readFileSync(file, 'utf8'));
      expect(lines[0]?.type).toBe('stepdown-export');
      expect(lines.at(-1)?.type).toBe('stepdown-export-end');
      expect(statSync(file).mode & 0o777).toBe(0o600);

      writeFileSync(file, 'keep me\n');
      const refused = await runStepdown(['export', '--org', clinic.name, '--out', file], { env });
      expect(refused).toEqual({
        code: 2,
        stdout: '',
        stderr: `--out ${file}: already exists; add --force to replace it\n`,
      });
      expect(readFileSync(file, 'utf8')).toBe('keep me\n');

      const replaced = await runStepdown(['export', '--org', clinic.name, '--out', file, '--force'], { env });
      expectExit(replaced, 0);
      expect(parseLines(readFileSync(file, 'utf8')).at(-1)?.type).toBe('stepdown-export-end');

      const missing = join(folder, 'no-such-folder', 'x.ndjson');
      const noFolder = await runStepdown(['export', '--org', clinic.name, '--out', missing], { env });
      expect(noFolder).toEqual({
        code: 2,
        stdout: '',
        stderr: `--out ${missing}: the folder ${join(folder, 'no-such-folder')} does not exist\n`,
      });
      // Nothing half written or temporary is left beside the file.
      expect(readdirSync(folder)).toEqual(['clinic.ndjson']);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 2 naming --org for an unknown or missing organisation, and for a bad option',
    async () => {
      const [unknown, none, bad, forceAlone] = await Promise.all([
        runStepdown(['export', '--org', 'No Such Clinic'], { env }),
        runStepdown(['export'], { env }),
        runStepdown(['export', '--org', clinic.name, '--format', 'csv'], { env }),
        runStepdown(['export', '--org', clinic.name, '--force'], { env }),
      ]);
      expect(unknown).toEqual({
        code: 2,
        stdout: '',
        stderr: '--org: there is no organisation named "No Such Clinic"\n',
      });
      expect(none).toEqual({
        code: 2,
        stdout: '',
        stderr: '--org: name the organisation to export (see "stepdown help export")\n',
      });
      expectExit(bad, 2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toContain("'--format'");
      expect(forceAlone).toEqual({ code: 2, stdout: '', stderr: '--force: only with --out\n' });
    },
    SPAWN_TIMEOUT,
  );
});

describe('stepdown help export', () => {
  it(
    'describes the lines and the options',
    async () => {
      const result = await runStepdown(['help', 'export'], { env: {} });
      expectExit(result, 0);
      expect(result.stdout).toMatch(/^stepdown export: everything one organisation holds, as NDJSON\n/);
      expect(result.stdout).toContain('stepdown-export-end');
      expect(result.stdout).toContain('--out FILE');
    },
    SPAWN_TIMEOUT,
  );
});
