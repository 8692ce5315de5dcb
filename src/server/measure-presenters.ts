/** Instruments and measures as the API shows them. */
import type { Instrument } from '../core/measures/index.js';
import type { MeasureAlertRecord } from '../storage/measures.js';
import type { StepSignalRecord } from '../storage/step-signals.js';
import type { ClientSignals } from './services/caseload.js';
import type { MeasureWithChange } from './services/measures.js';

export function presentInstrument(instrument: Instrument) {
  return {
    id: instrument.id,
    name: instrument.name,
    version: instrument.version,
    title: instrument.title,
    licence: instrument.licence,
    sources: instrument.sources,
    enteredBy: instrument.enteredBy,
    items: instrument.items.length,
    totalRange: instrument.totalRange,
    better: instrument.better,
    reliableChange: instrument.reliableChange,
    bands: instrument.bands.map((band) => ({ ...band })),
    loinc: { panel: instrument.panel?.code ?? null, total: instrument.totalCode?.code ?? null },
  };
}

export function presentMeasureAlert(alert: MeasureAlertRecord) {
  return {
    id: alert.id,
    kind: alert.kind,
    item: alert.item,
    linkId: alert.linkId,
    reason: alert.reason,
    raisedAt: alert.raisedAt,
    acknowledgedAt: alert.acknowledgedAt,
    acknowledgedBy: alert.acknowledgedBy,
    note: alert.note,
  };
}

export function presentMeasure({ measure, change }: MeasureWithChange) {
  return {
    id: measure.id,
    clientId: measure.clientId,
    instrument: measure.instrumentId,
    instrumentVersion: measure.instrumentVersion,
    answers: measure.answers,
    total: measure.total,
    severity: measure.severity,
    scores: measure.scores,
    alerts: measure.alerts.map(presentMeasureAlert),
    change,
    takenAt: measure.takenAt,
    via: measure.via,
    enteredBy: measure.enteredBy,
    createdAt: measure.createdAt,
  };
}

export function presentStepSignal(signal: StepSignalRecord) {
  return {
    id: signal.id,
    clientId: signal.clientId,
    rule: signal.rule,
    kind: signal.kind,
    urgency: signal.urgency,
    text: signal.text,
    basis: signal.basis,
    ruleset: signal.ruleset,
    raisedAt: signal.raisedAt,
    state: signal.state,
    acknowledgedAt: signal.acknowledgedAt,
    acknowledgedBy: signal.acknowledgedBy,
    note: signal.note,
    reassessedAt: signal.reassessedAt,
    reassessmentId: signal.reassessmentId,
    clearedAt: signal.clearedAt,
  };
}

/** A client's signals: a step signal with its kept id, when it was raised and whether it was handled. */
export function presentSignals(read: ClientSignals) {
  return {
    ruleset: read.ruleset,
    facts: read.facts,
    signals: read.signals.map(({ stored, ...signal }) => {
      // Live rows only: a cleared one is never matched to a signal that holds.
      const state = stored === null || stored.state === 'cleared' ? null : stored.state;
      return {
        ...signal,
        id: stored?.id ?? null,
        raisedAt: stored?.raisedAt ?? null,
        state,
        note: stored?.note ?? null,
        closedAt: stored?.acknowledgedAt ?? stored?.reassessedAt ?? null,
      };
    }),
    lastAssessmentId: read.lastAssessmentId,
  };
}
