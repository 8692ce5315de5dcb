/**
 * Check-in reminders by email (STEPDOWN_SMTP_URL). On a timer, for each active client with an
 * email address: when something they answer is due, a reminder for that occurrence is recorded
 * (once: the occurrence's key is unique per client); then each pending reminder is claimed, a fresh
 * check-in link is made for what is due, and the email goes out. The email holds the clinic's name
 * and the link, nothing about health (core/measures/reminders.ts). A failed send leaves the
 * reminder pending and tries again later, with backoff; only a delivery, or the client answering,
 * ends it. Every link made, every sending and every failure is audited as the system, naming the
 * client; nothing about the client is logged.
 */
import type { AuditAction } from '../core/audit-actions.js';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import type { InstrumentRegistry } from '../core/measures/index.js';
import { dueReminder, reminderEmail, reminderRetryDelayMs } from '../core/measures/reminders.js';
import { clientSchedule } from '../core/measures/schedule.js';
import { startOfDay } from '../core/time-zone.js';
import { insertAuditEvents } from '../storage/audit.js';
import { insertCheckInLink, lastTakenOfClient, lastTakenOfClients, schedulesOfClients } from '../storage/check-ins.js';
import { getClient } from '../storage/clients.js';
import type { Executor } from '../storage/executor.js';
import { getOrganization } from '../storage/organizations.js';
import type { NewAuditEvent } from '../storage/records.js';
import {
  type CheckInReminder,
  cancelReminder,
  claimDueReminders,
  listRemindableClients,
  markReminderFailed,
  markReminderSent,
  recordDueReminder,
} from '../storage/reminders.js';
import { dischargeDatesOfClients } from '../storage/plans.js';
import { CHECK_IN_DEFAULT_HOURS } from './services/check-ins.js';
import { scheduleOfClient } from './services/client-schedule.js';
import { codeHashOf, newShareCode } from './share-codes.js';

export const REMINDER_INTERVAL_MS = 5 * 60 * 1000;
/** A claimed reminder is left alone this long by other senders (an SMTP exchange takes seconds). */
const CLAIM_LEASE_MS = 10 * 60 * 1000;
const CLIENT_PAGE = 500;
const SEND_BATCH = 50;

/** Where reminders go out: an SMTP server and the sender's address. */
export interface SmtpSettings {
  /** smtp:// or smtps:// with host, port and credentials, as nodemailer reads it (without `from`). */
  url: string;
  from: string;
}

/** One email; what a mailer sends. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** A mailer that sends through the SMTP server of the settings. */
export function smtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport(settings.url);
  return {
    async send(email) {
      await transport.sendMail({ from: settings.from, ...email });
    },
    close() {
      transport.close();
    },
  };
}

export interface ReminderDeps {
  db: Executor;
  instruments: InstrumentRegistry;
  mailer: Mailer;
  /** Scheme, host and port the links are made with. */
  origin: () => string;
  clock: () => Date;
}

/** What one run did, in counts only. */
export interface ReminderRun {
  recorded: number;
  sent: number;
  failed: number;
  cancelled: number;
}

function systemEvent(
  now: Date,
  reminder: CheckInReminder,
  action: AuditAction,
  resource: { type: string; id: string },
  outcome: NewAuditEvent['outcome'],
): NewAuditEvent {
  return {
    at: now.toISOString(),
    organizationId: reminder.organizationId,
    actorUserId: null,
    actorKind: 'system',
    action,
    resourceType: resource.type,
    resourceId: resource.id,
    clientId: reminder.clientId,
    outcome,
    ip: null,
    requestId: null,
  };
}

/** Records a reminder for each client with something due and no reminder for that occurrence yet. */
async function recordDue(deps: ReminderDeps, now: Date): Promise<number> {
  const answeredByClient = (id: string) => deps.instruments.get(id)?.enteredBy === 'client';
  // The plan's schedule starts on the discharge day in the clinic's zone.
  const zones = new Map<string, string>();
  const zoneOf = async (organizationId: string): Promise<string> => {
    let zone = zones.get(organizationId);
    if (zone === undefined) {
      zone = (await getOrganization(deps.db, organizationId))?.timeZone ?? 'UTC';
      zones.set(organizationId, zone);
    }
    return zone;
  };
  let recorded = 0;
  let after: string | undefined;
  for (;;) {
    const clients = await listRemindableClients(deps.db, { after, limit: CLIENT_PAGE });
    if (clients.length === 0) break;
    const ids = clients.map((client) => client.id);
    const schedules = await schedulesOfClients(deps.db, ids);
    const taken = await lastTakenOfClients(deps.db, ids);
    const discharges = await dischargeDatesOfClients(deps.db, ids);
    for (const client of clients) {
      const discharge = discharges.get(client.id);
      const schedule = clientSchedule(
        schedules.get(client.id),
        discharge === undefined ? null : startOfDay(discharge, await zoneOf(client.organizationId)).getTime(),
      );
      const due = dueReminder(
        schedule.entries,
        taken.get(client.id) ?? new Map(),
        now,
        answeredByClient,
        schedule.start,
      );
      if (!due) continue;
      const made = await recordDueReminder(deps.db, {
        organizationId: client.organizationId,
        clientId: client.id,
        dueKey: due.dueKey,
        instruments: due.instruments,
        now: now.toISOString(),
      });
      if (made) recorded += 1;
    }
    after = ids.at(-1);
    if (clients.length < CLIENT_PAGE) break;
  }
  return recorded;
}

type Prepared =
  | { kind: 'cancel' }
  | { kind: 'send'; email: OutgoingEmail; linkId: string }
  | { kind: 'no-clinic'; linkId: null };

/**
 * Checks that a claimed reminder is still due for the same occurrence and makes its fresh link, in
 * one transaction (audited); the email is sent after it commits, never while it is open.
 */
async function prepare(deps: ReminderDeps, reminder: CheckInReminder, now: Date): Promise<Prepared> {
  return deps.db.transaction().execute(async (trx): Promise<Prepared> => {
    const client = await getClient(trx, reminder.organizationId, reminder.clientId);
    const organization = await getOrganization(trx, reminder.organizationId);
    const schedule = await scheduleOfClient(
      trx,
      reminder.organizationId,
      reminder.clientId,
      organization?.timeZone ?? 'UTC',
    );
    const due =
      client && client.archivedAt === null && client.email
        ? dueReminder(
            schedule.entries,
            await lastTakenOfClient(trx, reminder.organizationId, reminder.clientId),
            now,
            (id) => deps.instruments.get(id)?.enteredBy === 'client',
            schedule.start,
          )
        : undefined;
    if (!client?.email || !due || due.dueKey !== reminder.dueKey) {
      await cancelReminder(trx, reminder.id);
      return { kind: 'cancel' };
    }
    if (!organization) return { kind: 'no-clinic', linkId: null };
    const code = newShareCode();
    const link = await insertCheckInLink(trx, {
      organizationId: reminder.organizationId,
      clientId: reminder.clientId,
      codeHash: codeHashOf(code),
      instruments: due.instruments,
      language: client.preferredLanguage,
      // A link needs a person who asked for it: the clinician who opened the client's record and
      // so set up their care; the audit event below names the system as the one who made it.
      createdBy: client.createdBy,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + CHECK_IN_DEFAULT_HOURS * 3_600_000).toISOString(),
    });
    await insertAuditEvents(trx, [
      systemEvent(now, reminder, 'check-in-link.create', { type: 'check-in-link', id: link.id }, 'success'),
    ]);
    const email = reminderEmail({
      clinicName: organization.name,
      url: `${deps.origin()}/check-in/${code}`,
      language: client.preferredLanguage,
    });
    return { kind: 'send', linkId: link.id, email: { to: client.email, ...email } };
  });
}

/** Why a send failed, in words that carry no client data: the SMTP or network error code. */
function failureCode(error: unknown): string {
  const fields = error as { code?: unknown; responseCode?: unknown };
  const parts = [fields.code, fields.responseCode].filter(
    (part) => typeof part === 'string' || typeof part === 'number',
  );
  return parts.length > 0 ? parts.join(' ') : 'send failed';
}

/** Sends one claimed reminder, or records why not and when it is tried again. */
async function deliver(deps: ReminderDeps, reminder: CheckInReminder, run: ReminderRun): Promise<void> {
  const now = deps.clock();
  const retryAt = () => new Date(now.getTime() + reminderRetryDelayMs(reminder.attempts + 1)).toISOString();
  const prepared = await prepare(deps, reminder, now);
  if (prepared.kind === 'cancel') {
    run.cancelled += 1;
    return;
  }
  const resource = { type: 'check-in-reminder', id: reminder.id };
  if (prepared.kind === 'no-clinic') {
    await markReminderFailed(deps.db, reminder.id, { error: 'no clinic', nextAttemptAt: retryAt(), linkId: null });
    run.failed += 1;
    return;
  }
  try {
    await deps.mailer.send(prepared.email);
  } catch (error) {
    await deps.db.transaction().execute(async (trx) => {
      await markReminderFailed(trx, reminder.id, {
        error: failureCode(error),
        nextAttemptAt: retryAt(),
        linkId: prepared.linkId,
      });
      await insertAuditEvents(trx, [systemEvent(now, reminder, 'check-in-reminder.send', resource, 'failure')]);
    });
    run.failed += 1;
    return;
  }
  await deps.db.transaction().execute(async (trx) => {
    await markReminderSent(trx, reminder.id, { linkId: prepared.linkId, now: deps.clock().toISOString() });
    await insertAuditEvents(trx, [systemEvent(now, reminder, 'check-in-reminder.send', resource, 'success')]);
  });
  run.sent += 1;
}

/** One run: records what has fallen due, then sends every pending reminder whose time has come. */
export async function runReminders(deps: ReminderDeps): Promise<ReminderRun> {
  const run: ReminderRun = { recorded: 0, sent: 0, failed: 0, cancelled: 0 };
  const now = deps.clock();
  run.recorded = await recordDue(deps, now);
  for (;;) {
    const claimed = await claimDueReminders(deps.db, {
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(),
      limit: SEND_BATCH,
    });
    for (const reminder of claimed) await deliver(deps, reminder, run);
    if (claimed.length < SEND_BATCH) break;
  }
  return run;
}

/**
 * Runs reminders on a timer while the app is up (only when SMTP is configured). The timer does not
 * keep the process alive; a failed run is logged without client data and tried again next time.
 */
export function installReminders(
  app: FastifyInstance,
  deps: Omit<ReminderDeps, 'mailer' | 'origin'>,
  smtp: SmtpSettings,
  intervalMs: number = REMINDER_INTERVAL_MS,
): void {
  const mailer = smtpMailer(smtp);
  const reminderDeps: ReminderDeps = { ...deps, mailer, origin: () => app.publicAddress().origin };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runReminders(reminderDeps)
      .then((run) => {
        if (run.recorded + run.sent + run.failed + run.cancelled > 0) app.log.info(run, 'check-in reminders');
      })
      .catch((error: unknown) => {
        app.log.warn({ err: { message: (error as Error).message } }, 'check-in reminders failed; will retry');
      })
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    mailer.close();
    done();
  });
}
