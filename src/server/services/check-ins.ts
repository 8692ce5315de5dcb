/**
 * Check-ins by link. A clinician keeps a client's measurement schedule (the default until changed)
 * and makes a private, single-use, expiring link to what is due. The client opens it on their
 * phone with no account, answers, and sends: each instrument becomes a measure, scored and alerted
 * exactly as one a clinician enters. Codes are hashed like the plan's share codes. Every view and
 * send is audited as anonymous with the client's id; a code that opens nothing is audited as denied.
 */
import type { AuditAction } from '../../core/audit-actions.js';
import { AppError, invalidInput } from '../../core/errors.js';
import type { InstrumentRegistry } from '../../core/measures/index.js';
import {
  type ScheduleBasis,
  type ScheduleEntry,
  type ScheduleStatus,
  scheduleStatus,
} from '../../core/measures/schedule.js';
import type { FieldIssue } from '../../core/validation.js';
import {
  type CheckInLink,
  findCheckInLink,
  insertCheckInLink,
  lastTakenOfClient,
  markCheckInLinkUsed,
  saveMeasureSchedule,
} from '../../storage/check-ins.js';
import { getClient } from '../../storage/clients.js';
import type { Executor } from '../../storage/executor.js';
import { insertMeasure } from '../../storage/measures.js';
import { getOrganization } from '../../storage/organizations.js';
import { type AnonymousContext, recordAnonymousAudit, recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { codeHashOf, looksLikeCode, newShareCode } from '../share-codes.js';
import { clientForChange, deniedClient } from './clients.js';
import { scheduleOfClient } from './client-schedule.js';
import { scoreInput } from './measures.js';
import { evaluateClientSignals, type SignalEvaluation } from './step-signals.js';

const HOUR_MS = 3_600_000;
export const CHECK_IN_DEFAULT_HOURS = 72;
export const CHECK_IN_NOT_FOUND = 'This check-in link does not work any more. Ask your care team for a new one.';

export interface ScheduleView {
  /** False while the default schedule applies. */
  custom: boolean;
  basis: ScheduleBasis;
  /** When the plan's default schedule starts; null for a custom schedule or before any plan. */
  startsAt: string | null;
  items: ScheduleStatus[];
}

async function scheduleOf(db: Executor, organizationId: string, clientId: string, context: RequestContext) {
  const schedule = await scheduleOfClient(db, organizationId, clientId, context.timeZone);
  return {
    custom: schedule.basis === 'custom',
    basis: schedule.basis,
    startsAt: typeof schedule.start === 'number' ? new Date(schedule.start).toISOString() : null,
    items: scheduleStatus(
      schedule.entries,
      await lastTakenOfClient(db, organizationId, clientId),
      context.now,
      schedule.start,
    ),
  };
}

export async function readSchedule(db: Executor, context: RequestContext, clientId: string): Promise<ScheduleView> {
  const organizationId = context.actor.organizationId;
  const view = await db.transaction().execute(async (trx) => {
    if (!(await getClient(trx, organizationId, clientId))) return undefined;
    await recordAudit(trx, context, [
      { action: 'measure-schedule.read', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    return scheduleOf(trx, organizationId, clientId, context);
  });
  if (!view) throw await deniedClient(db, context, 'measure-schedule.read', clientId);
  return view;
}

function checkEntries(instruments: InstrumentRegistry, entries: readonly ScheduleEntry[]): void {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (!instruments.get(entry.instrument)) {
      issues.push({
        path: `items.${index}.instrument`,
        message: `must be one of ${instruments.all.map((i) => i.id).join(', ')}`,
      });
    } else if (seen.has(entry.instrument)) {
      issues.push({ path: `items.${index}.instrument`, message: 'is listed twice' });
    }
    seen.add(entry.instrument);
  });
  if (issues.length > 0) throw invalidInput(issues);
}

export async function updateSchedule(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  clientId: string,
  entries: readonly ScheduleEntry[],
): Promise<ScheduleView> {
  checkEntries(instruments, entries);
  const organizationId = context.actor.organizationId;
  const view = await db.transaction().execute(async (trx) => {
    if (!(await clientForChange(trx, organizationId, clientId, 'changing their check-in schedule'))) return undefined;
    await saveMeasureSchedule(trx, {
      organizationId,
      clientId,
      entries,
      userId: context.actor.userId,
      now: context.now.toISOString(),
    });
    await recordAudit(trx, context, [
      { action: 'measure-schedule.update', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    return scheduleOf(trx, organizationId, clientId, context);
  });
  if (!view) throw await deniedClient(db, context, 'measure-schedule.update', clientId);
  return view;
}

export interface NewCheckInLink {
  link: CheckInLink;
  code: string;
}

/**
 * Makes a link to the instruments asked for, or to what the schedule says is due (all of the
 * schedule's client instruments when nothing is due). Only instruments the client answers can be
 * asked; clinician-entered ones (attendance, drug tests) are refused by field.
 */
export async function createCheckInLink(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  clientId: string,
  input: {
    instruments?: string[] | undefined;
    language?: 'en' | 'es' | undefined;
    expiresInHours?: number | undefined;
  },
): Promise<NewCheckInLink> {
  const issues: FieldIssue[] = [];
  (input.instruments ?? []).forEach((id, index) => {
    const instrument = instruments.get(id);
    if (!instrument) {
      issues.push({
        path: `instruments.${index}`,
        message: `must be one of ${instruments.all.map((i) => i.id).join(', ')}`,
      });
    } else if (instrument.enteredBy !== 'client') {
      issues.push({ path: `instruments.${index}`, message: 'is entered by the clinician, not asked of the client' });
    }
  });
  if (new Set(input.instruments ?? []).size !== (input.instruments ?? []).length) {
    issues.push({ path: 'instruments', message: 'lists an instrument twice' });
  }
  if (issues.length > 0) throw invalidInput(issues);
  const organizationId = context.actor.organizationId;
  const code = newShareCode();
  const made = await db.transaction().execute(async (trx) => {
    const client = await clientForChange(trx, organizationId, clientId, 'sending them a check-in link');
    if (!client) return undefined;
    let asked = input.instruments;
    if (asked === undefined) {
      const schedule = await scheduleOf(trx, organizationId, clientId, context);
      const forClient = schedule.items.filter((item) => instruments.get(item.instrument)?.enteredBy === 'client');
      const due = forClient.filter((item) => item.due);
      asked = (due.length > 0 ? due : forClient).map((item) => item.instrument);
    }
    if (asked.length === 0) {
      throw invalidInput([{ path: 'instruments', message: 'name at least one instrument the client answers' }]);
    }
    const link = await insertCheckInLink(trx, {
      organizationId,
      clientId,
      codeHash: codeHashOf(code),
      instruments: asked,
      language: input.language ?? client.preferredLanguage,
      createdBy: context.actor.userId,
      now: context.now.toISOString(),
      expiresAt: new Date(
        context.now.getTime() + (input.expiresInHours ?? CHECK_IN_DEFAULT_HOURS) * HOUR_MS,
      ).toISOString(),
    });
    await recordAudit(trx, context, [
      { action: 'check-in-link.create', resourceType: 'check-in-link', resourceId: link.id, clientId },
    ]);
    return { link, code };
  });
  if (!made) throw await deniedClient(db, context, 'check-in-link.create', clientId);
  return made;
}

/** The link a code opens, when it still works at `now`; why not otherwise. */
async function openLink(
  db: Executor,
  code: string,
  now: Date,
): Promise<{ link: CheckInLink | undefined; usable: boolean }> {
  const link = looksLikeCode(code) ? await findCheckInLink(db, codeHashOf(code)) : undefined;
  const usable =
    link !== undefined && link.revokedAt === null && link.usedAt === null && Date.parse(link.expiresAt) > now.getTime();
  return { link, usable };
}

function linkAudit(action: AuditAction, link: CheckInLink | undefined, outcome: 'success' | 'denied') {
  return {
    action,
    resourceType: 'check-in-link',
    resourceId: link?.id ?? null,
    clientId: link?.clientId ?? null,
    organizationId: link?.organizationId ?? null,
    outcome,
  };
}

export interface CheckInForm {
  language: 'en' | 'es';
  expiresAt: string;
  clinic: { name: string; phone: string | null };
  instruments: InstrumentRegistry['all'][number][];
}

/** What the check-in page shows for a code; 404 (audited as denied) when the code does not work. */
export async function openCheckIn(
  db: Executor,
  context: AnonymousContext,
  instruments: InstrumentRegistry,
  code: string,
): Promise<CheckInForm> {
  const form = await db.transaction().execute(async (trx) => {
    const { link, usable } = await openLink(trx, code, context.now);
    await recordAnonymousAudit(trx, context, [linkAudit('check-in.open', link, usable ? 'success' : 'denied')]);
    if (!link || !usable) return undefined;
    const organization = await getOrganization(trx, link.organizationId);
    return {
      language: link.language,
      expiresAt: link.expiresAt,
      clinic: { name: organization?.name ?? '', phone: organization?.phone ?? null },
      instruments: link.instruments.flatMap((id) => instruments.get(id) ?? []),
    };
  });
  if (!form) throw new AppError('not_found', CHECK_IN_NOT_FOUND);
  return form;
}

export interface CheckInAnswers {
  submissionId: string;
  takenAt: string;
  answers: Record<string, Array<number | null>>;
}

/**
 * Saves the answers a client sent with a link: every instrument the link asked, checked and scored
 * as a clinician's entry would be (400 naming `answers.<instrument>.<n>`), in one transaction that
 * marks the link used and evaluates the client's signals (step signals kept). A second send with
 * the same submission id (a retry whose answer was lost) is answered as the first was; any other
 * send to a used link is 404.
 */
export async function submitCheckIn(
  db: Executor,
  context: AnonymousContext,
  evaluation: SignalEvaluation,
  code: string,
  input: CheckInAnswers,
): Promise<{ measures: number; repeated: boolean }> {
  const { instruments } = evaluation;
  const outcome = await db.transaction().execute(async (trx) => {
    const { link, usable } = await openLink(trx, code, context.now);
    if (link && !usable && link.usedAt !== null && link.submissionId === input.submissionId) {
      await recordAnonymousAudit(trx, context, [linkAudit('check-in.submit', link, 'success')]);
      return { measures: link.instruments.length, repeated: true };
    }
    if (!link || !usable) {
      await recordAnonymousAudit(trx, context, [linkAudit('check-in.submit', link, 'denied')]);
      return undefined;
    }
    const issues: FieldIssue[] = [];
    const unknown = Object.keys(input.answers).filter((id) => !link.instruments.includes(id));
    for (const id of unknown) issues.push({ path: `answers.${id}`, message: 'was not asked by this link' });
    const scored = link.instruments.flatMap((id) => {
      const answers = input.answers[id];
      if (answers === undefined) {
        issues.push({ path: `answers.${id}`, message: 'required' });
        return [];
      }
      try {
        return [
          { answers, ...scoreInput(instruments, { instrument: id, answers, takenAt: input.takenAt }, context.now) },
        ];
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        issues.push(
          ...error.issues.map((issue) => ({
            path: issue.path === 'takenAt' ? 'takenAt' : `answers.${id}${issue.path.slice('answers'.length)}`,
            message: issue.message,
          })),
        );
        return [];
      }
    });
    if (issues.length > 0) throw invalidInput([...new Map(issues.map((i) => [`${i.path} ${i.message}`, i])).values()]);
    const now = context.now.toISOString();
    if (!(await markCheckInLinkUsed(trx, link.id, { submissionId: input.submissionId, now }))) return undefined;
    const facts = [linkAudit('check-in.submit', link, 'success')];
    for (const { instrument, score, takenAt, answers } of scored) {
      const measure = await insertMeasure(trx, {
        organizationId: link.organizationId,
        clientId: link.clientId,
        instrumentId: instrument.id,
        instrumentVersion: instrument.version,
        answers,
        total: score.total,
        severity: score.severity,
        scores: score.scores,
        sex: null,
        takenAt,
        via: 'check-in',
        enteredBy: null,
        now,
        alerts: score.alerts,
      });
      facts.push({ ...linkAudit('measure.create', link, 'success'), resourceType: 'measure', resourceId: measure.id });
    }
    // Once for the whole send: the signals read every instrument sent together.
    await evaluateClientSignals(trx, evaluation, {
      organizationId: link.organizationId,
      clientId: link.clientId,
      now: context.now,
    });
    await recordAnonymousAudit(trx, context, facts);
    return { measures: scored.length, repeated: false };
  });
  if (!outcome) throw new AppError('not_found', CHECK_IN_NOT_FOUND);
  return outcome;
}
