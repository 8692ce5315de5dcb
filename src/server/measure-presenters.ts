/** Instruments and measures as the API shows them. */
import type { Instrument } from '../core/measures/index.js';
import type { MeasureAlertRecord } from '../storage/measures.js';
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
