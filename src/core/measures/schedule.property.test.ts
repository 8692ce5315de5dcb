/** dueAndMissed, the caseload's fast path, gives the same verdicts as scheduleStatus for any history. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { dueAndMissed, scheduleStatus } from './schedule.js';

const INSTRUMENTS = ['recovery-check', 'readiness', 'phq-9', 'gad-7', 'audit-c'];

it('agrees with scheduleStatus on due and missed', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(
        fc.record({ instrument: fc.constantFrom(...INSTRUMENTS), everyDays: fc.integer({ min: 1, max: 90 }) }),
        { selector: (entry) => entry.instrument, maxLength: INSTRUMENTS.length },
      ),
      fc.dictionary(fc.constantFrom(...INSTRUMENTS), fc.integer({ min: 0, max: 400 * 86_400_000 })),
      fc.integer({ min: 0, max: 400 * 86_400_000 }),
      (entries, agesMs, offsetMs) => {
        const now = new Date(Date.UTC(2026, 11, 7) + offsetMs);
        const lastMs = new Map(Object.entries(agesMs).map(([id, age]) => [id, now.getTime() - age] as const));
        const lastIso = new Map([...lastMs].map(([id, ms]) => [id, new Date(ms).toISOString()] as const));
        const status = scheduleStatus(entries, lastIso, now);
        expect(dueAndMissed(entries, lastMs, now.getTime())).toEqual({
          due: status.filter((s) => s.due).map((s) => s.instrument),
          missed: status.filter((s) => s.missed).map((s) => s.instrument),
        });
      },
    ),
  );
});
