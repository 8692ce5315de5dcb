/**
 * Demo measures: one client with eight weeks of check-ins (weekly recovery check and readiness
 * rulers, PHQ-9 and GAD-7 every two weeks, scores easing as weeks pass) and one with a PHQ-9 whose
 * item 9 was answered above 0 two days ago, so the caseload shows an open safety alert; and two
 * clients discharged weeks ago, so the outcomes page has episodes to count.
 */
import type { AuditAction } from '../core/audit-actions.js';
import { scoreAnswers } from '../core/measures/score.js';
import { loadDefaultSignalRules } from '../core/signals/index.js';
import { insertAuditEvents } from '../storage/audit.js';
import type { Executor } from '../storage/executor.js';
import { acknowledgeMeasureAlert, insertMeasure, type MeasureAlertRecord } from '../storage/measures.js';
import { changeReferralStatus, listReferralsOfClient } from '../storage/referrals.js';
import { acknowledgeStepSignal, listLiveStepSignals } from '../storage/step-signals.js';
import { loadShippedInstruments } from './instruments.js';
import { evaluateClientSignals } from './services/step-signals.js';

const DAY_MS = 86_400_000;

/** Oldest first: [days before now, instrument, answers]. */
function steadyHistory(): Array<[number, string, number[]]> {
  const history: Array<[number, string, number[]]> = [];
  const phq = [
    [2, 2, 2, 2, 1, 2, 1, 1, 0],
    [2, 1, 2, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 0, 0, 1, 1, 0, 0],
  ];
  const gad = [
    [2, 2, 2, 2, 1, 2, 1],
    [2, 1, 2, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 0, 1, 0, 1],
  ];
  for (let week = 0; week < 8; week++) {
    const days = (8 - week) * 7 - 1;
    const use = week < 2 ? 2 - week : 0;
    history.push([
      days,
      'recovery-check',
      [use, Math.max(0, 3 - week), 2, 2, Math.max(0, 2 - week), 0, 0, 2 + (week > 3 ? 1 : 0), 1 + (week % 3), 3, 3],
    ]);
    history.push([days, 'readiness', [8, Math.min(10, 4 + week)]]);
    if (week % 2 === 0) {
      history.push([days, 'phq-9', phq[week / 2] ?? []]);
      history.push([days, 'gad-7', gad[week / 2] ?? []]);
    }
  }
  return history;
}

interface DemoEntry {
  clientId: string;
  /** Days before now. */
  days: number;
  instrument: string;
  answers: number[];
}

export async function insertDemoMeasures(
  db: Executor,
  input: { organizationId: string; steadyClientId: string; atRiskClientId: string; now: Date },
): Promise<void> {
  await insertEntries(db, input.organizationId, input.now, [
    ...steadyHistory().map(([days, instrument, answers]) => ({
      clientId: input.steadyClientId,
      days,
      instrument,
      answers,
    })),
    { clientId: input.atRiskClientId, days: 2, instrument: 'phq-9', answers: [2, 2, 1, 2, 1, 2, 1, 0, 1] },
  ]);
}

/** PHQ-9 and GAD-7 answers every two weeks from day 2 after discharge: 14 to 4, and 11 to 6. */
const RECOVERED_PHQ9 = [
  [2, 2, 2, 2, 2, 1, 1, 2, 0],
  // Item 9 answered 1 on day 16: a safety alert, acknowledged that afternoon.
  [2, 1, 2, 1, 1, 1, 1, 1, 1],
  [1, 1, 1, 1, 1, 1, 1, 2, 0],
  [1, 1, 1, 1, 1, 1, 0, 0, 0],
  [1, 1, 1, 1, 0, 0, 0, 0, 0],
];
const RECOVERED_GAD7 = [
  [2, 2, 2, 2, 1, 1, 1],
  [2, 2, 2, 1, 1, 1, 1],
  [2, 1, 1, 1, 1, 1, 1],
  [1, 1, 1, 1, 1, 1, 1],
  [1, 1, 1, 1, 1, 1, 0],
];

/**
 * Two clients discharged in the last three months, so the outcomes page has episodes to count: one
 * who went to the first session on day 3, checked in every week and whose PHQ-9 fell from 14 to 4
 * (with a safety alert on day 16 acknowledged within hours, and step-down readiness from week 8
 * talked over the next day), and one who checked in twice, using again (two step-up signals, still
 * open), and has not been seen at the program since. Their plans are seeded by the caller.
 */
export async function insertDemoEpisodes(
  db: Executor,
  input: {
    organizationId: string;
    clinicianId: string;
    recovered: { clientId: string; dischargedDaysAgo: number };
    lapsed: { clientId: string; dischargedDaysAgo: number };
    now: Date;
  },
): Promise<void> {
  const { recovered, lapsed, now } = input;
  const dayOf = (episode: { dischargedDaysAgo: number }, day: number) => episode.dischargedDaysAgo - day;
  const entries: DemoEntry[] = [];
  for (let week = 1; week <= 10; week++) {
    entries.push({
      clientId: recovered.clientId,
      days: dayOf(recovered, week * 7),
      instrument: 'recovery-check',
      answers: [0, 1, 1, 1, 0, 0, 0, 3, 2, 3, 4],
    });
    // The readiness rulers come with each weekly check, as the plan's schedule asks them.
    entries.push({
      clientId: recovered.clientId,
      days: dayOf(recovered, week * 7),
      instrument: 'readiness',
      answers: [9, Math.min(10, 5 + Math.floor(week / 2))],
    });
  }
  RECOVERED_PHQ9.forEach((answers, i) => {
    entries.push({ clientId: recovered.clientId, days: dayOf(recovered, 2 + i * 14), instrument: 'phq-9', answers });
  });
  RECOVERED_GAD7.forEach((answers, i) => {
    entries.push({ clientId: recovered.clientId, days: dayOf(recovered, 2 + i * 14), instrument: 'gad-7', answers });
  });
  entries.push(
    { clientId: lapsed.clientId, days: dayOf(lapsed, 3), instrument: 'phq-9', answers: [2, 1, 2, 1, 2, 1, 1, 2, 0] },
    {
      clientId: lapsed.clientId,
      days: dayOf(lapsed, 3),
      instrument: 'recovery-check',
      answers: [0, 2, 2, 2, 1, 0, 0, 2, 1, 2, 2],
    },
    {
      clientId: lapsed.clientId,
      days: dayOf(lapsed, 10),
      instrument: 'recovery-check',
      answers: [2, 3, 2, 3, 2, 0, 0, 1, 0, 1, 1],
    },
  );
  const audited = (at: string, action: AuditAction, resourceType: string, resourceId: string, clientId: string) =>
    insertAuditEvents(db, [
      {
        at,
        organizationId: input.organizationId,
        actorUserId: null,
        actorKind: 'system',
        action,
        resourceType,
        resourceId,
        clientId,
        outcome: 'success',
        ip: null,
        requestId: null,
      },
    ]);
  const alerts = await insertEntries(db, input.organizationId, now, entries);
  for (const alert of alerts) {
    const at = new Date(Date.parse(alert.raisedAt) + 3 * 3_600_000).toISOString();
    await acknowledgeMeasureAlert(db, input.organizationId, alert.id, {
      userId: input.clinicianId,
      note: 'Demo: called the client the same afternoon; no plan or intent; safety plan reviewed together.',
      now: at,
    });
    await audited(at, 'measure-alert.acknowledge', 'measure-alert', alert.id, alert.clientId);
  }
  // The recovered client's step-down readiness, talked over at the next session the day after.
  for (const signal of await listLiveStepSignals(db, input.organizationId, recovered.clientId)) {
    const at = new Date(Date.parse(signal.raisedAt) + DAY_MS).toISOString();
    await acknowledgeStepSignal(db, input.organizationId, signal.id, {
      userId: input.clinicianId,
      note: 'Demo: talked it over; staying in the evening group until the plan review, then stepping down to weekly.',
      now: at,
    });
    await audited(at, 'step-signal.acknowledge', 'step-signal', signal.id, recovered.clientId);
  }
  // The program confirmed the recovered client's first session, three days after discharge.
  const [referral] = await listReferralsOfClient(db, input.organizationId, recovered.clientId);
  if (referral) {
    const at = new Date(now.getTime() - dayOf(recovered, 3) * DAY_MS).toISOString();
    await changeReferralStatus(db, input.organizationId, referral.id, {
      from: 'accepted',
      to: 'first-session-attended',
      changedBy: input.clinicianId,
      now: at,
      note: 'Demo: the program confirmed the first evening group.',
    });
    await audited(at, 'referral.update', 'referral', referral.id, recovered.clientId);
  }
}

/**
 * Scores and stores each entry as a check-in on its day, audited, oldest first, and evaluates the
 * client's signals as of that day, as a check-in sent then would have (so the step signals the
 * history raised are kept, with their days); returns the alerts raised.
 */
async function insertEntries(
  db: Executor,
  organizationId: string,
  now: Date,
  entries: readonly DemoEntry[],
): Promise<MeasureAlertRecord[]> {
  const instruments = loadShippedInstruments();
  const evaluation = { instruments, rules: loadDefaultSignalRules() };
  const input = { organizationId, now };
  const raised: MeasureAlertRecord[] = [];
  // Stable: entries of the same day keep their order.
  const oldestFirst = [...entries].sort((a, b) => b.days - a.days);
  for (const entry of oldestFirst) {
    const instrument = instruments.get(entry.instrument);
    if (!instrument) throw new Error(`the demo uses ${entry.instrument}, which is not shipped`);
    const scored = scoreAnswers(instrument, entry.answers);
    if (!scored.ok) throw new Error(`demo answers for ${entry.instrument} are invalid`);
    const takenAt = new Date(input.now.getTime() - entry.days * DAY_MS).toISOString();
    const measure = await insertMeasure(db, {
      organizationId: input.organizationId,
      clientId: entry.clientId,
      instrumentId: instrument.id,
      instrumentVersion: instrument.version,
      answers: entry.answers,
      total: scored.value.total,
      severity: scored.value.severity,
      scores: scored.value.scores,
      sex: null,
      takenAt,
      via: 'check-in',
      enteredBy: null,
      now: takenAt,
      alerts: scored.value.alerts,
    });
    raised.push(...measure.alerts);
    await insertAuditEvents(db, [
      {
        at: takenAt,
        organizationId: input.organizationId,
        actorUserId: null,
        actorKind: 'system',
        action: 'measure.create',
        resourceType: 'measure',
        resourceId: measure.id,
        clientId: entry.clientId,
        outcome: 'success',
        ip: null,
        requestId: null,
      },
    ]);
    await evaluateClientSignals(db, evaluation, { organizationId, clientId: entry.clientId, now: new Date(takenAt) });
  }
  return raised;
}
