/**
 * Signals evaluated where the facts change. The facts of a client (their measures with their change,
 * check-ins missed, goals met) are read once here, the signal rules run over them, and the step-up
 * and step-down signals that hold are kept in step_signals: raised when first found, cleared when a
 * later evaluation no longer finds them. This runs in the transaction of every measure written
 * (a clinician's entry, a check-in sent by link, the demo seed), of every change of a plan goal's
 * status, and of every read of a client's signals. Safety signals are kept as measure alerts, raised by the instruments themselves. A signal
 * never changes a level of care or a plan: it is kept so a clinician can act and the clinic can count.
 */
import type { InstrumentRegistry } from '../../core/measures/index.js';
import { scheduleStatus } from '../../core/measures/schedule.js';
import {
  type CompiledSignalRules,
  evaluateSignals,
  type Signal,
  type SignalFacts,
  type SignalMeasure,
  signalFacts,
} from '../../core/signals/index.js';
import { lastTakenOfClient } from '../../storage/check-ins.js';
import type { Executor } from '../../storage/executor.js';
import { listMeasuresOfClient, raiseAlertOnLatest } from '../../storage/measures.js';
import { getOrganization } from '../../storage/organizations.js';
import { type StepSignalRecord, syncStepSignals } from '../../storage/step-signals.js';
import { type MeasureWithChange, withFirstChanges } from './measure-changes.js';
import { scheduleOfClient } from './client-schedule.js';
import { clientGoalsMet } from './plan-goals.js';

/** What evaluating signals needs: the instruments (to read answers by item) and the signal rules. */
export interface SignalEvaluation {
  instruments: InstrumentRegistry;
  rules: CompiledSignalRules;
}

/** A client's measures as the signal facts read them. */
export function signalMeasuresOf(
  instruments: InstrumentRegistry,
  measures: readonly MeasureWithChange[],
): SignalMeasure[] {
  return measures.map(({ measure, change }) => {
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
}

/** The facts of a client at `now`, read in `db` (no audit: the caller audits what it does). */
export async function readSignalFacts(
  db: Executor,
  instruments: InstrumentRegistry,
  organizationId: string,
  clientId: string,
  now: Date,
): Promise<SignalFacts> {
  // The signal facts read answers and scores, not alerts (safety alerts are kept on their own).
  const measures = withFirstChanges(
    instruments,
    await listMeasuresOfClient(db, organizationId, clientId, { withAlerts: false }),
  );
  // Missed check-ins count from when the schedule starts: the plan's discharge day, in the clinic's zone.
  const timeZone = (await getOrganization(db, organizationId))?.timeZone ?? 'UTC';
  const schedule = await scheduleOfClient(db, organizationId, clientId, timeZone);
  const status = scheduleStatus(
    schedule.entries,
    await lastTakenOfClient(db, organizationId, clientId),
    now,
    schedule.start,
  );
  return signalFacts({
    measures: signalMeasuresOf(instruments, measures),
    missedCheckIns: status.filter((s) => s.missed).length,
    goalsMet: await clientGoalsMet(db, organizationId, clientId),
    now,
  });
}

/**
 * Safety signals read from a client's history rather than from one answer, and the result and item
 * their open alert goes on. Item alerts (PHQ-9 item 9, an overdose, using opioids alone) are raised
 * by scoring; a return to use after weeks without it is seen only beside the checks before it, so
 * it is raised here, on the recovery check that reported the use, and then leads the caseload and
 * is acknowledged and counted like the others.
 */
const HISTORY_ALERTS: Readonly<Record<string, { instrument: string; linkId: string }>> = {
  'safety.return-to-use-after-abstinence': { instrument: 'recovery-check', linkId: 'use-days' },
};

async function raiseHistoryAlerts(
  db: Executor,
  instruments: InstrumentRegistry,
  input: { organizationId: string; clientId: string; now: Date },
  signals: readonly Signal[],
): Promise<void> {
  for (const signal of signals) {
    const on = HISTORY_ALERTS[signal.rule];
    if (signal.kind !== 'safety' || on === undefined) continue;
    const item = instruments.get(on.instrument)?.items.find((candidate) => candidate.linkId === on.linkId);
    if (item === undefined) continue;
    await raiseAlertOnLatest(db, {
      organizationId: input.organizationId,
      clientId: input.clientId,
      instrumentId: on.instrument,
      item: item.number,
      linkId: on.linkId,
      reason: signal.text,
      now: input.now.toISOString(),
    });
  }
}

export interface EvaluatedSignals {
  facts: SignalFacts;
  signals: Signal[];
  /** The kept step signals whose rule holds now (open, or already acted on or reassessed). */
  stepSignals: StepSignalRecord[];
}

/**
 * Evaluates a client's signals at `now` and brings their kept step signals in line (see
 * syncStepSignals). With `keep: false` (an archived client) nothing is written and none is kept.
 * Call inside the transaction that wrote what changed.
 */
export async function evaluateClientSignals(
  db: Executor,
  evaluation: SignalEvaluation,
  input: { organizationId: string; clientId: string; now: Date; keep?: boolean },
): Promise<EvaluatedSignals> {
  const facts = await readSignalFacts(db, evaluation.instruments, input.organizationId, input.clientId, input.now);
  const signals = evaluateSignals(evaluation.rules, facts);
  if (input.keep === false) return { facts, signals, stepSignals: [] };
  await raiseHistoryAlerts(db, evaluation.instruments, input, signals);
  const { id, version, hash } = evaluation.rules;
  const stepSignals = await syncStepSignals(db, {
    organizationId: input.organizationId,
    clientId: input.clientId,
    ruleset: { id, version, hash },
    raised: signals.flatMap((signal) =>
      signal.kind === 'safety'
        ? []
        : [{ rule: signal.rule, kind: signal.kind, urgency: signal.urgency, text: signal.text, basis: signal.basis }],
    ),
    now: input.now.toISOString(),
  });
  return { facts, signals, stepSignals };
}
