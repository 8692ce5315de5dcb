/**
 * Check-in reminders by email, against a real SMTP server started here, on SQLite and PostgreSQL:
 * nothing before the client's plan is finalised and its discharge day has come; then a client with
 * an email address and something due gets one email, in their language, with a
 * fresh link that opens their check-in and nothing about health in it; it is not sent twice; a
 * failed send stays due and is tried again after its backoff; a client who answers first is not
 * reminded; every sending and failure is audited as the system.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedInstruments } from '../../src/server/instruments.js';
import { type Mailer, type ReminderDeps, runReminders, smtpMailer } from '../../src/server/reminders.js';
import { parseSmtpUrl } from '../../src/server/smtp-url.js';
import { listAuditEvents } from '../../src/storage/audit.js';
import { listRemindersOfClient } from '../../src/storage/reminders.js';
import type { Organization } from '../../src/storage/records.js';
import { testDialects } from '../support/databases.js';
import { anonymousJson, expectJson, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';
import { finaliseAPlan } from '../support/plans.js';
import { readEmail, startTestSmtp, type TestSmtp } from '../support/smtp.js';

const CLINIC = 'Riverside Family Clinic';
const instruments = loadShippedInstruments();

/** Words that would tell a reader of the email something about the person's health or care. */
const HEALTH_WORDS = [
  ...instruments.all.flatMap((instrument) => [
    instrument.id,
    instrument.name,
    instrument.title.en,
    instrument.title.es,
  ]),
  'phq',
  'gad',
  'audit',
  'depress',
  'anxi',
  'ansiedad',
  'alcohol',
  'drug',
  'droga',
  'substance',
  'sustancia',
  'addiction',
  'adicci',
  'recovery',
  'recuperaci',
  'readiness',
  'score',
  'puntaje',
  'treatment',
  'tratamiento',
  'therapy',
  'terapia',
  'iop',
  'intensive',
  'mental',
  'sober',
  'overdose',
  'sobredosis',
  'diagnos',
];

function expectNoHealthInformation(content: string, clientName: string): void {
  // The link's random code could hold any three letters: it is read apart from the words.
  const lower = content.replace(/\/check-in\/[A-Za-z0-9_-]{43}/g, '/check-in/CODE').toLowerCase();
  for (const word of HEALTH_WORDS) expect(lower, `the email says "${word}"`).not.toContain(word.toLowerCase());
  expect(content).not.toContain(clientName);
}

function linkIn(text: string, baseUrl: string): string {
  const match = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/check-in/([A-Za-z0-9_-]{43})`).exec(text);
  expect(match, text).not.toBeNull();
  return match?.[1] ?? '';
}

describe.each(testDialects())('check-in reminders by email on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let org: Organization;
  let clinician: Session;

  async function newClient(name: string, language: 'en' | 'es', email: string | null): Promise<string> {
    return (
      await expectJson<{ id: string; email: string | null }>(
        await send(server, clinician, 'POST', '/api/v1/clients', {
          json: { displayName: name, preferredLanguage: language, ...(email === null ? {} : { email }) },
        }),
        201,
      )
    ).id;
  }

  beforeAll(async () => {
    smtp = await startTestSmtp();
    const parsed = parseSmtpUrl(`${smtp.url}/?from=reminders@riverside.example`, undefined);
    if (!parsed.ok) throw new Error(parsed.message);
    server = await startTestServer(dialect, { smtp: parsed.settings, reminderIntervalMs: 100 });
    org = await server.addOrganization(CLINIC);
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('emails a client with something due a fresh link, in their language, with no health information, once', async () => {
    const spanish = await newClient('Rosa Reminder', 'es', 'rosa@example.org');
    const noEmail = await newClient('Nadia No Email', 'en', null);
    // Still in residential care, with no finalised plan: the step-down schedule has not begun, so
    // several runs of the timer send nothing.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(smtp.received).toHaveLength(0);
    expect(await listRemindersOfClient(server.database.handle.db, org.id, spanish)).toEqual([]);
    // A plan discharging in a week: still nothing before the discharge day.
    await finaliseAPlan(server, clinician, spanish, { dischargeInDays: 7 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(smtp.received).toHaveLength(0);
    // Discharged today (a newer plan): the schedule starts, and the reminder goes out.
    await finaliseAPlan(server, clinician, spanish, { dischargeInDays: 0 });
    await finaliseAPlan(server, clinician, noEmail, { dischargeInDays: 0 });
    const [email] = await smtp.waitFor(1);
    if (!email) throw new Error('no email');
    expect(email.to).toEqual(['rosa@example.org']);
    expect(email.from).toBe('reminders@riverside.example');
    const { subject, text, html } = readEmail(email.raw);
    expect(subject).toBe(`${CLINIC}: por favor, responda`);
    expect(text).toContain(`${CLINIC} le pide que responda`);
    expect(html).toContain('lang="es"');
    for (const content of [subject, text, html]) expectNoHealthInformation(content, 'Rosa Reminder');

    // The link opens the client's check-in, with what is due.
    const code = linkIn(text, server.baseUrl);
    expect(linkIn(html, server.baseUrl)).toBe(code);
    const form = await anonymousJson<{
      language: string;
      instruments: Array<{ id: string }>;
      clinic: { name: string };
    }>(server, 'GET', `/api/v1/check-in/${code}`, undefined, 200);
    expect(form.language).toBe('es');
    expect(form.clinic.name).toBe(CLINIC);
    expect(form.instruments.map((instrument) => instrument.id)).toEqual([
      'recovery-check',
      'readiness',
      'phq-9',
      'gad-7',
    ]);

    // Many more runs of the timer: still one email, one reminder recorded as sent.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(smtp.received).toHaveLength(1);
    const reminders = await listRemindersOfClient(server.database.handle.db, org.id, spanish);
    expect(reminders).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, lastError: null })]);
    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 500 });
    expect(items.filter((event) => event.action === 'check-in-reminder.send')).toEqual([
      expect.objectContaining({ actorKind: 'system', clientId: spanish, outcome: 'success' }),
    ]);
    expect(items.filter((event) => event.action === 'check-in-link.create' && event.clientId === spanish)).toEqual([
      expect.objectContaining({ actorKind: 'system', resourceId: reminders[0]?.linkId }),
    ]);
  });
});

describe.each(testDialects())('check-in reminders when sending fails on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let org: Organization;
  let clinician: Session;
  let working: Mailer;

  const deps = (mailer: Mailer): ReminderDeps => ({
    db: server.database.handle.db,
    instruments,
    mailer,
    origin: () => server.baseUrl,
    clock: () => server.now(),
  });

  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await startTestServer(dialect);
    org = await server.addOrganization(CLINIC);
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    working = smtpMailer({ url: smtp.url, from: 'reminders@riverside.example' });
  });
  afterAll(async () => {
    working?.close();
    await server?.close();
    await smtp?.close();
  });

  it('keeps a failed reminder due and sends it after its backoff; a client who answered first gets none', async () => {
    const client = (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', {
          json: { displayName: 'Ellis English', email: 'ellis@example.org' },
        }),
        201,
      )
    ).id;
    await finaliseAPlan(server, clinician, client, { dischargeInDays: -3 });
    // Nothing listens on the SMTP server's port once it is closed.
    const closed = await startTestSmtp();
    await closed.close();
    const broken = smtpMailer({ url: closed.url, from: 'reminders@riverside.example' });
    try {
      expect(await runReminders(deps(broken))).toEqual({ recorded: 1, sent: 0, failed: 1, cancelled: 0 });
    } finally {
      broken.close();
    }
    const [failed] = await listRemindersOfClient(server.database.handle.db, org.id, client);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed?.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(Date.parse(failed?.nextAttemptAt ?? '') - server.now().getTime()).toBeGreaterThan(50_000);

    // Before its backoff has passed, nothing is sent, and nothing new is recorded.
    expect(await runReminders(deps(working))).toEqual({ recorded: 0, sent: 0, failed: 0, cancelled: 0 });
    expect(smtp.received).toHaveLength(0);
    server.advance(61_000);
    expect(await runReminders(deps(working))).toEqual({ recorded: 0, sent: 1, failed: 0, cancelled: 0 });
    await smtp.waitFor(1);
    const { text, subject } = readEmail(smtp.received[0]?.raw ?? '');
    expect(subject).toBe(`${CLINIC}: please check in`);
    expectNoHealthInformation(text, 'Ellis English');
    const [sent] = await listRemindersOfClient(server.database.handle.db, org.id, client);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    const { items } = await listAuditEvents(server.database.handle.db, org.id, { limit: 500 });
    expect(
      items
        .filter((event) => event.action === 'check-in-reminder.send')
        .map((event) => event.outcome)
        .sort(),
    ).toEqual(['failure', 'success']);

    // A second client's reminder fails; they answer a link before the retry: it is cancelled, not sent.
    const answering = (
      await expectJson<{ id: string }>(
        await send(server, clinician, 'POST', '/api/v1/clients', {
          json: { displayName: 'Alex Answers', email: 'alex@example.org' },
        }),
        201,
      )
    ).id;
    await finaliseAPlan(server, clinician, answering, { dischargeInDays: -3 });
    const broken2 = smtpMailer({ url: closed.url, from: 'reminders@riverside.example' });
    try {
      expect(await runReminders(deps(broken2))).toMatchObject({ recorded: 1, failed: 1 });
    } finally {
      broken2.close();
    }
    const link = await expectJson<{ code: string; instruments: string[] }>(
      await send(server, clinician, 'POST', `/api/v1/clients/${answering}/check-in-links`, {
        json: { instruments: ['recovery-check', 'readiness', 'phq-9', 'gad-7'] },
      }),
      201,
    );
    const form = await anonymousJson<{
      instruments: Array<{
        id: string;
        items: Array<{ min: number | null; required: boolean; choices: Array<{ value: number }> }>;
      }>;
    }>(server, 'GET', `/api/v1/check-in/${link.code}`, undefined, 200);
    const answers = Object.fromEntries(
      form.instruments.map((instrument) => [
        instrument.id,
        instrument.items.map((item) => item.choices[0]?.value ?? item.min ?? 0),
      ]),
    );
    const sentAnswers = await fetch(`${server.baseUrl}/api/v1/check-in/${link.code}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: randomUUID(), takenAt: server.now().toISOString(), answers }),
    });
    expect(sentAnswers.status, await sentAnswers.clone().text()).toBe(201);
    server.advance(61_000);
    expect(await runReminders(deps(working))).toEqual({ recorded: 0, sent: 0, failed: 0, cancelled: 1 });
    expect(smtp.received).toHaveLength(1);
    expect(await listRemindersOfClient(server.database.handle.db, org.id, answering)).toEqual([
      expect.objectContaining({ status: 'cancelled' }),
    ]);
  });
});
