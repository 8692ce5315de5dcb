/**
 * The caseload, signals and alert acknowledgement. The caseload shows, per active client, which
 * check-ins are due or missed, open safety alerts, whether the plan's reassessment date is near or
 * past, and whether a first session at the referred program is confirmed. Signals run the signal
 * rule set over a client's measures; they inform a clinician and change nothing by themselves.
 */
import { AppError } from '../../core/errors.js';
import type { InstrumentRegistry } from '../../core/measures/index.js';
import { DEFAULT_SCHEDULE, type ScheduleEntry, scheduleStatus } from '../../core/measures/schedule.js';
import {
  type CompiledSignalRules,
  evaluateSignals,
  type Signal,
  type SignalFacts,
  type SignalMeasure,
  signalFacts,
} from '../../core/signals/index.js';
import { listAssessmentsOfClient } from '../../storage/assessments.js';
import { readCaseload } from '../../storage/caseload.js';
import { getMeasureSchedule, lastTakenOfClient } from '../../storage/check-ins.js';
import type { Executor } from '../../storage/executor.js';
import { acknowledgeMeasureAlert, type MeasureAlertRecord } from '../../storage/measures.js';
import { recordAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { listMeasures } from './measures.js';
import { clientGoalsMet } from './plan-goals.js';

/** A plan's reassessment date this close, or past, counts as "needs reassessment". */
const REASSESS_WITHIN_DAYS = 7;
const DAY_MS = 86_400_000;

export interface CaseloadItem {
  clientId: string;
  displayName: string;
  due: string[];
  missed: string[];
  openAlerts: number;
  oldestOpenAlertAt: string | null;
  reassessBy: string | null;
  needsReassessment: boolean;
  /** Null when the client has no referral; false until one is marked first session attended. */
  firstSessionConfirmed: boolean | null;
}

export interface Caseload {
  counts: {
    clients: number;
    due: number;
    missed: number;
    openAlerts: number;
    needsReassessment: number;
    firstSessionUnconfirmed: number;
  };
  items: CaseloadItem[];
}

function reassessByOf(document: string): string | null {
  try {
    const value = (JSON.parse(document) as { reassessBy?: unknown }).reassessBy;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

function group<T extends { clientId: string }>(rows: readonly T[]): Map<string, T[]> {
  const byClient = new Map<string, T[]>();
  for (const row of rows) {
    const list = byClient.get(row.clientId);
    if (list) list.push(row);
    else byClient.set(row.clientId, [row]);
  }
  return byClient;
}

/** The organisation's caseload, the most urgent first. One audit event for the whole read. */
export async function readCaseloadOf(db: Executor, context: RequestContext): Promise<Caseload> {
  const organizationId = context.actor.organizationId;
  const rows = await db.transaction().execute(async (trx) => {
    const read = await readCaseload(trx, organizationId);
    await recordAudit(trx, context, [
      { action: 'caseload.read', resourceType: 'organization', resourceId: organizationId, clientId: null },
    ]);
    return read;
  });
  const lastTaken = group(rows.lastTaken);
  const schedules = new Map(rows.schedules.map((row) => [row.clientId, JSON.parse(row.entries) as ScheduleEntry[]]));
  const alerts = new Map(rows.openAlerts.map((row) => [row.clientId, row]));
  const referrals = group(rows.referrals);
  const plans = group(rows.finalPlans);
  const soon = new Date(context.now.getTime() + REASSESS_WITHIN_DAYS * DAY_MS).toISOString().slice(0, 10);

  const items = rows.clients.map((client): CaseloadItem => {
    const taken = new Map((lastTaken.get(client.id) ?? []).map((row) => [row.instrumentId, row.last]));
    const status = scheduleStatus(schedules.get(client.id) ?? DEFAULT_SCHEDULE, taken, context.now);
    const plan = (plans.get(client.id) ?? []).sort((a, b) =>
      (b.finalizedAt ?? '').localeCompare(a.finalizedAt ?? ''),
    )[0];
    const reassessBy = plan ? reassessByOf(plan.document) : null;
    const clientReferrals = referrals.get(client.id) ?? [];
    const alert = alerts.get(client.id);
    return {
      clientId: client.id,
      displayName: client.displayName,
      due: status.filter((s) => s.due).map((s) => s.instrument),
      missed: status.filter((s) => s.missed).map((s) => s.instrument),
      openAlerts: alert?.count ?? 0,
      oldestOpenAlertAt: alert?.oldest ?? null,
      reassessBy,
      needsReassessment: reassessBy !== null && reassessBy <= soon,
      firstSessionConfirmed:
        clientReferrals.length === 0 ? null : clientReferrals.some((r) => r.status === 'first-session-attended'),
    };
  });
  const rank = (item: CaseloadItem) => [
    -item.openAlerts,
    -item.missed.length,
    item.needsReassessment ? 0 : 1,
    item.firstSessionConfirmed === false ? 0 : 1,
    -item.due.length,
  ];
  items.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] ?? 0) - (rb[i] ?? 0);
    return 0;
  });
  return {
    counts: {
      clients: items.length,
      due: items.filter((i) => i.due.length > 0).length,
      missed: items.filter((i) => i.missed.length > 0).length,
      openAlerts: items.filter((i) => i.openAlerts > 0).length,
      needsReassessment: items.filter((i) => i.needsReassessment).length,
      firstSessionUnconfirmed: items.filter((i) => i.firstSessionConfirmed === false).length,
    },
    items,
  };
}

export interface ClientSignals {
  ruleset: { id: string; version: string; hash: string };
  facts: SignalFacts;
  signals: Signal[];
  /** The assessment a "reassess now" starts from (its answers pre-filled), when there is one. */
  lastAssessmentId: string | null;
}

/** The signals the rule set raises for a client now, with their basis. Audited as a read. */
export async function readClientSignals(
  db: Executor,
  context: RequestContext,
  instruments: InstrumentRegistry,
  rules: CompiledSignalRules,
  clientId: string,
): Promise<ClientSignals> {
  const organizationId = context.actor.organizationId;
  const measures = await listMeasures(db, context, instruments, clientId);
  const extra = await db.transaction().execute(async (trx) => {
    const schedule = (await getMeasureSchedule(trx, organizationId, clientId))?.entries ?? DEFAULT_SCHEDULE;
    const status = scheduleStatus(schedule, await lastTakenOfClient(trx, organizationId, clientId), context.now);
    const [lastAssessment] = await listAssessmentsOfClient(trx, organizationId, clientId);
    await recordAudit(trx, context, [
      { action: 'signal.read', resourceType: 'client', resourceId: clientId, clientId },
    ]);
    return {
      missed: status.filter((s) => s.missed).length,
      lastAssessmentId: lastAssessment?.assessmentId ?? null,
      goalsMet: await clientGoalsMet(trx, organizationId, clientId),
    };
  });
  const signalMeasures: SignalMeasure[] = measures.map(({ measure, change }) => {
    const items = instruments.get(measure.instrumentId)?.items ?? [];
    return {
      instrument: measure.instrumentId,
      takenAt: measure.takenAt,
      total: measure.total,
      scores: measure.scores,
      answers: Object.fromEntries(items.map((item, index) => [item.linkId, measure.answers[index] ?? null])),
      change,
    };
  });
  const facts = signalFacts({
    measures: signalMeasures,
    missedCheckIns: extra.missed,
    goalsMet: extra.goalsMet,
    now: context.now,
  });
  return {
    ruleset: { id: rules.id, version: rules.version, hash: rules.hash },
    facts,
    signals: evaluateSignals(rules, facts),
    lastAssessmentId: extra.lastAssessmentId,
  };
}

/** Acknowledges an open alert with a note; 409 when someone acknowledged it first; audited. */
export async function acknowledgeAlert(
  db: Executor,
  context: RequestContext,
  alertId: string,
  note: string,
): Promise<MeasureAlertRecord> {
  const result = await db.transaction().execute(async (trx) => {
    const done = await acknowledgeMeasureAlert(trx, context.actor.organizationId, alertId, {
      userId: context.actor.userId,
      note,
      now: context.now.toISOString(),
    });
    if (done && !done.already) {
      await recordAudit(trx, context, [
        {
          action: 'measure-alert.acknowledge',
          resourceType: 'measure-alert',
          resourceId: alertId,
          clientId: done.alert.clientId,
        },
      ]);
    }
    return done;
  });
  if (!result) {
    await recordAudit(db, context, [
      {
        action: 'measure-alert.acknowledge',
        resourceType: 'measure-alert',
        resourceId: alertId,
        clientId: null,
        outcome: 'denied',
      },
    ]);
    throw new AppError('not_found', 'No alert with this id in your organisation.');
  }
  if (result.already) {
    throw new AppError('conflict', `This alert was already acknowledged at ${result.alert.acknowledgedAt ?? ''}.`);
  }
  return result.alert;
}
