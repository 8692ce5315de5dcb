/**
 * Demo measures: one client with eight weeks of check-ins (weekly recovery check and readiness
 * rulers, PHQ-9 and GAD-7 every two weeks, scores easing as weeks pass) and one with a PHQ-9 whose
 * item 9 was answered above 0 two days ago, so the caseload shows an open safety alert.
 */
import { scoreAnswers } from '../core/measures/score.js';
import { insertAuditEvents } from '../storage/audit.js';
import type { Executor } from '../storage/executor.js';
import { insertMeasure } from '../storage/measures.js';
import { loadShippedInstruments } from './instruments.js';

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

export async function insertDemoMeasures(
  db: Executor,
  input: { organizationId: string; steadyClientId: string; atRiskClientId: string; now: Date },
): Promise<void> {
  const instruments = loadShippedInstruments();
  const entries: Array<{ clientId: string; days: number; instrument: string; answers: number[] }> = [
    ...steadyHistory().map(([days, instrument, answers]) => ({
      clientId: input.steadyClientId,
      days,
      instrument,
      answers,
    })),
    { clientId: input.atRiskClientId, days: 2, instrument: 'phq-9', answers: [2, 2, 1, 2, 1, 2, 1, 0, 1] },
  ];
  for (const entry of entries) {
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
  }
}
