/**
 * Clinic outcomes on hand-made data: each figure counted by hand from a few episodes whose dates and
 * results are chosen to sit on either side of every boundary the definitions name (day 7, days 30,
 * 60 and 90, the baseline window, 50% drop, below 5, 24 hours).
 */
import { describe, expect, it } from 'vitest';
import { computeOutcomes, OUTCOME_FIGURE_IDS, type OutcomesInput, outcomesCsv } from './index.js';

const TZ = 'America/New_York';
/** Noon in New York on a calendar day (EST in winter: 17:00 UTC). */
const at = (date: string, time = '17:00:00') => `${date}T${time}.000Z`;
const DAY = 86_400_000;
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

function input(overrides: Partial<OutcomesInput> = {}): OutcomesInput {
  return {
    today: '2026-03-31',
    now: new Date(at('2026-03-31')),
    timeZone: TZ,
    range: { from: '2026-01-01', to: '2026-03-31' },
    clinicianId: null,
    clientInstruments: new Set(['recovery-check', 'readiness', 'phq-9', 'gad-7']),
    episodes: [],
    measures: [],
    schedules: new Map(),
    firstSessions: [],
    alerts: [],
    stepSignals: [],
    ...overrides,
  };
}

function figure(outcomes: ReturnType<typeof computeOutcomes>, id: string) {
  const found = outcomes.figures.find((f) => f.id === id);
  if (!found) throw new Error(`no figure ${id}`);
  return { count: found.count, of: found.of, percent: found.percent };
}

describe('clinic outcomes', () => {
  it('counts only episodes discharged in the range, by the clinician asked for, and not in the future', () => {
    const outcomes = computeOutcomes(
      input({
        range: { from: '2026-02-01', to: '2026-04-30' },
        clinicianId: 'dana',
        episodes: [
          { planId: 'p1', clientId: 'a', dischargeDate: '2026-01-31', clinicianId: 'dana' },
          { planId: 'p2', clientId: 'b', dischargeDate: '2026-02-01', clinicianId: 'dana' },
          { planId: 'p3', clientId: 'c', dischargeDate: '2026-03-31', clinicianId: 'dana' },
          { planId: 'p4', clientId: 'd', dischargeDate: '2026-04-01', clinicianId: 'dana' },
          { planId: 'p5', clientId: 'e', dischargeDate: '2026-03-01', clinicianId: 'lee' },
        ],
      }),
    );
    // b (first day of the range) and c (today); not a (before), d (tomorrow), e (another clinician).
    expect(outcomes.episodes).toBe(2);
    expect(outcomes.pendingDischarges).toBe(1);
  });

  it('check-in completion: answered over asked, per the schedule, over the first 90 days', () => {
    const outcomes = computeOutcomes(
      input({
        episodes: [
          // 20 days out: recovery check weekly (2 asked), PHQ-9 every 14 days (1 asked).
          { planId: 'p1', clientId: 'a', dischargeDate: '2026-03-11', clinicianId: null },
          // 120 days out: counted over 90 days only, with a schedule of its own (every 30 days: 3 asked).
          { planId: 'p2', clientId: 'b', dischargeDate: '2025-12-01', clinicianId: null },
        ],
        range: { from: '2025-12-01', to: '2026-03-31' },
        schedules: new Map([
          [
            'a',
            [
              { instrument: 'recovery-check', everyDays: 7 },
              { instrument: 'phq-9', everyDays: 14 },
              // Entered by the clinician: never counted as a check-in.
              { instrument: 'attendance', everyDays: 7 },
            ],
          ],
          ['b', [{ instrument: 'readiness', everyDays: 30 }]],
        ]),
        measures: [
          // a: three recovery checks (only two asked: counted as two), one before discharge (not counted), no PHQ-9.
          { clientId: 'a', instrument: 'recovery-check', takenAt: at('2026-03-10'), total: 0, attended: null },
          { clientId: 'a', instrument: 'recovery-check', takenAt: at('2026-03-12'), total: 0, attended: null },
          { clientId: 'a', instrument: 'recovery-check', takenAt: at('2026-03-18'), total: 0, attended: null },
          { clientId: 'a', instrument: 'recovery-check', takenAt: at('2026-03-25'), total: 0, attended: null },
          // b: one readiness in the 90 days, one after them.
          { clientId: 'b', instrument: 'readiness', takenAt: at('2026-01-15'), total: null, attended: null },
          { clientId: 'b', instrument: 'readiness', takenAt: at('2026-03-15'), total: null, attended: null },
        ],
      }),
    );
    // Asked: a 2 + 1, b 3; answered: a 2 + 0, b 1.
    expect(figure(outcomes, 'check-in-completion')).toEqual({ count: 3, of: 6, percent: 50 });
  });

  it('first session within 7 days of discharge, once day 7 is over', () => {
    const outcomes = computeOutcomes(
      input({
        episodes: [
          { planId: 'p1', clientId: 'a', dischargeDate: '2026-03-01', clinicianId: null },
          { planId: 'p2', clientId: 'b', dischargeDate: '2026-03-01', clinicianId: null },
          { planId: 'p3', clientId: 'c', dischargeDate: '2026-03-01', clinicianId: null },
          { planId: 'p4', clientId: 'd', dischargeDate: '2026-03-23', clinicianId: null },
          { planId: 'p5', clientId: 'e', dischargeDate: '2026-03-24', clinicianId: null },
        ],
        firstSessions: [
          { clientId: 'a', on: '2026-03-08' },
          { clientId: 'b', on: '2026-03-09' },
          // d: day 7 was yesterday.
          { clientId: 'd', on: '2026-03-26' },
          // e: day 7 is today, so e is still pending, first session or not.
          { clientId: 'e', on: '2026-03-26' },
        ],
      }),
    );
    // a on day 7 (yes), b on day 8 (no), c none (no), d on day 3 (yes); e pending.
    expect(figure(outcomes, 'first-session-7-days')).toEqual({ count: 2, of: 4, percent: 50 });
  });

  it('retention: still in touch on or after day 30, 60 and 90, among those discharged that long ago', () => {
    const d = '2025-12-15'; // 106 days before today
    const outcomes = computeOutcomes(
      input({
        range: { from: '2025-12-01', to: '2026-03-31' },
        episodes: [
          { planId: 'p1', clientId: 'a', dischargeDate: d, clinicianId: null },
          { planId: 'p2', clientId: 'b', dischargeDate: d, clinicianId: null },
          { planId: 'p3', clientId: 'c', dischargeDate: d, clinicianId: null },
          // 45 days ago: counted at 30 only.
          { planId: 'p4', clientId: 'd', dischargeDate: plusDays('2026-03-31', -45), clinicianId: null },
        ],
        measures: [
          // a: a check-in on day 95: in touch at 30, 60 and 90.
          { clientId: 'a', instrument: 'recovery-check', takenAt: at(plusDays(d, 95)), total: 0, attended: null },
          // b: a check-in on day 29 and a session attended on day 60 (entered by the clinician).
          { clientId: 'b', instrument: 'recovery-check', takenAt: at(plusDays(d, 29)), total: 0, attended: null },
          { clientId: 'b', instrument: 'attendance', takenAt: at(plusDays(d, 60)), total: 0, attended: 2 },
          // c: attendance entered on day 70 with no session attended: not in touch.
          { clientId: 'c', instrument: 'attendance', takenAt: at(plusDays(d, 70)), total: 2, attended: 0 },
          // d: a check-in on day 31.
          { clientId: 'd', instrument: 'phq-9', takenAt: at(plusDays('2026-03-31', -14)), total: 3, attended: null },
        ],
      }),
    );
    expect(figure(outcomes, 'retention-30')).toEqual({ count: 3, of: 4, percent: 75 });
    expect(figure(outcomes, 'retention-60')).toEqual({ count: 2, of: 3, percent: 66.7 });
    expect(figure(outcomes, 'retention-90')).toEqual({ count: 1, of: 3, percent: 33.3 });
  });

  it('days are the clinic’s calendar days: 11:30 pm in New York is still the day before', () => {
    const d = '2026-01-05';
    const day30 = plusDays(d, 30); // 2026-02-04, EST (UTC-5)
    const episodes = [{ planId: 'p1', clientId: 'a', dischargeDate: d, clinicianId: null }];
    const check = (takenAt: string) => [
      { clientId: 'a', instrument: 'recovery-check', takenAt, total: 0, attended: null },
    ];
    const lateEvening = computeOutcomes(input({ episodes, measures: check(`${day30}T04:30:00.000Z`) }));
    expect(figure(lateEvening, 'retention-30')).toEqual({ count: 0, of: 1, percent: 0 });
    const justAfterMidnight = computeOutcomes(input({ episodes, measures: check(`${day30}T05:30:00.000Z`) }));
    expect(figure(justAfterMidnight, 'retention-30')).toEqual({ count: 1, of: 1, percent: 100 });
  });

  it('PHQ-9 response (a drop of half or more) and remission (below 5) from a baseline of 10 or more', () => {
    const d = '2025-12-20';
    const phq = (clientId: string, day: number, total: number) => ({
      clientId,
      instrument: 'phq-9',
      takenAt: at(plusDays(d, day)),
      total,
      attended: null,
    });
    const outcomes = computeOutcomes(
      input({
        range: { from: '2025-12-01', to: '2026-03-31' },
        episodes: ['a', 'b', 'c', 'd', 'e', 'f'].map((clientId) => ({
          planId: `p-${clientId}`,
          clientId,
          dischargeDate: d,
          clinicianId: null,
        })),
        measures: [
          // a: 16 before discharge (baseline, day -20), then 8 on day 60: response (exactly half), no remission.
          phq('a', -20, 16),
          phq('a', 60, 8),
          // b: 12 then 9 then 4 (latest within 90 days counts): response and remission.
          phq('b', 0, 12),
          phq('b', 30, 9),
          phq('b', 85, 4),
          // c: baseline 9: below 10, not eligible.
          phq('c', 1, 9),
          phq('c', 50, 2),
          // d: baseline 20, no later result: eligible without a follow-up, not counted.
          phq('d', 2, 20),
          // e: first result 31 days before discharge (outside the baseline window), then 15 on day 14 (the baseline), 8 on day 91 (too late).
          phq('e', -31, 25),
          phq('e', 14, 15),
          phq('e', 91, 3),
          // f: 11 then 6: neither.
          phq('f', 3, 11),
          phq('f', 40, 6),
        ],
      }),
    );
    expect(figure(outcomes, 'phq9-response')).toEqual({ count: 2, of: 3, percent: 66.7 });
    expect(figure(outcomes, 'phq9-remission')).toEqual({ count: 1, of: 3, percent: 33.3 });
    expect(outcomes.figures.find((f) => f.id === 'phq9-response')?.detail).toBe(
      '2 more have no later result yet and are not counted.',
    );
    // Nothing on GAD-7: no denominator, no percent.
    expect(figure(outcomes, 'gad7-response')).toEqual({ count: 0, of: 0, percent: null });
  });

  it('GAD-7 is counted the same way, apart from PHQ-9', () => {
    const d = '2026-01-10';
    const outcomes = computeOutcomes(
      input({
        episodes: [{ planId: 'p1', clientId: 'a', dischargeDate: d, clinicianId: null }],
        measures: [
          { clientId: 'a', instrument: 'gad-7', takenAt: at(plusDays(d, 1)), total: 14, attended: null },
          { clientId: 'a', instrument: 'gad-7', takenAt: at(plusDays(d, 29)), total: 4, attended: null },
        ],
      }),
    );
    expect(figure(outcomes, 'gad7-response')).toEqual({ count: 1, of: 1, percent: 100 });
    expect(figure(outcomes, 'gad7-remission')).toEqual({ count: 1, of: 1, percent: 100 });
    expect(figure(outcomes, 'phq9-response')).toEqual({ count: 0, of: 0, percent: null });
  });

  it('signals: safety alerts raised in the 90 days, acted on with a note, and within 24 hours', () => {
    const d = '2026-02-01';
    const outcomes = computeOutcomes(
      input({
        episodes: [
          { planId: 'p1', clientId: 'a', dischargeDate: d, clinicianId: null },
          { planId: 'p2', clientId: 'b', dischargeDate: d, clinicianId: null },
        ],
        alerts: [
          // Acknowledged after 3 hours.
          { clientId: 'a', raisedAt: at('2026-02-03'), acknowledgedAt: at('2026-02-03', '20:00:00') },
          // Acknowledged after 30 hours.
          { clientId: 'a', raisedAt: at('2026-02-10'), acknowledgedAt: at('2026-02-11', '23:00:00') },
          // Still open.
          { clientId: 'b', raisedAt: at('2026-03-01'), acknowledgedAt: null },
          // Before discharge: not this episode's.
          { clientId: 'b', raisedAt: at('2026-01-20'), acknowledgedAt: null },
        ],
      }),
    );
    expect(figure(outcomes, 'signals-acted-on')).toEqual({ count: 2, of: 3, percent: 66.7 });
    expect(figure(outcomes, 'signals-acted-on-within-24-hours')).toEqual({ count: 1, of: 3, percent: 33.3 });
  });

  it('step signals: those raised in the 90 days, by kind, acted on with a note or a new assessment; cleared is not acted on', () => {
    const d = '2026-01-10';
    const signal = (
      clientId: string,
      kind: 'step-up' | 'step-down',
      raisedAt: string,
      actedOnAt: string | null,
      clearedAt: string | null,
    ) => ({ clientId, kind, raisedAt, actedOnAt, clearedAt });
    const outcomes = computeOutcomes(
      input({
        episodes: [
          { planId: 'p1', clientId: 'a', dischargeDate: d, clinicianId: null },
          { planId: 'p2', clientId: 'b', dischargeDate: d, clinicianId: null },
        ],
        stepSignals: [
          // Acted on with a note (or a reassessment: either is acted on), the rule still holding.
          signal('a', 'step-up', at('2026-01-20'), at('2026-01-21'), null),
          // Acted on, and cleared later: still acted on.
          signal('a', 'step-up', at('2026-02-01'), at('2026-02-01', '20:00:00'), at('2026-02-08')),
          // Cleared before anyone acted: raised, not acted on.
          signal('b', 'step-up', at('2026-02-15'), null, at('2026-02-22')),
          // Still open.
          signal('b', 'step-up', at('2026-03-01'), null, null),
          // Raised the evening before discharge day: not in this episode's follow-up.
          signal('b', 'step-up', at('2026-01-09', '23:00:00'), null, null),
          // Step-down readiness in week 8, reassessed two days later.
          signal('a', 'step-down', at('2026-03-07'), at('2026-03-09'), null),
          // Step-down readiness that a week with use ended before anyone acted: cleared.
          signal('b', 'step-down', at('2026-03-10'), null, at('2026-03-17')),
        ],
      }),
    );
    // Step-up: 4 raised in the follow-ups (not the one before discharge), 2 acted on.
    expect(figure(outcomes, 'step-up-signals-acted-on')).toEqual({ count: 2, of: 4, percent: 50 });
    expect(outcomes.figures.find((f) => f.id === 'step-up-signals-acted-on')?.detail).toBe(
      '1 still open; 1 cleared before anyone acted.',
    );
    // Step-down: 2 raised, 1 reassessed.
    expect(figure(outcomes, 'step-down-signals-acted-on')).toEqual({ count: 1, of: 2, percent: 50 });
    expect(outcomes.figures.find((f) => f.id === 'step-down-signals-acted-on')?.detail).toBe(
      '1 cleared before anyone acted.',
    );
    // The safety figures count safety alerts only.
    expect(figure(outcomes, 'signals-acted-on')).toEqual({ count: 0, of: 0, percent: null });
  });

  it('has every figure with its definition, and no figure without episodes has a percent', () => {
    const outcomes = computeOutcomes(input());
    expect(outcomes.figures.map((f) => f.id)).toEqual([...OUTCOME_FIGURE_IDS]);
    for (const f of outcomes.figures) {
      expect(f.definition.length).toBeGreaterThan(40);
      expect(f.percent).toBeNull();
    }
  });

  it('writes the figures as CSV, one row each, with the range and each definition', () => {
    const outcomes = computeOutcomes(
      input({
        episodes: [{ planId: 'p1', clientId: 'a', dischargeDate: '2026-03-01', clinicianId: null }],
        firstSessions: [{ clientId: 'a', on: '2026-03-03' }],
      }),
    );
    const csv = outcomesCsv(outcomes, { clinicianName: null });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('from,to,clinician,figure,label,count,of,percent,definition');
    expect(lines).toHaveLength(OUTCOME_FIGURE_IDS.length + 2);
    expect(lines.at(-1)).toBe('');
    const row = lines.find((line) => line.includes(',first-session-7-days,'));
    expect(row).toMatch(/^2026-01-01,2026-03-31,"all clinicians",first-session-7-days,"[^"]+",1,1,100,"/);
  });
});
