/** dueAndMissed, the caseload's fast path, gives the same verdicts as scheduleStatus for any history. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { dueAndMissed, scheduleStatus } from './schedule.js';

const INSTRUMENTS = ['recovery-check', 'readiness', 'phq-9', 'gad-7', 'audit-c'];

it('agrees with scheduleStatus on due and missed, whenever the schedule starts', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(
        fc.record({ instrument: fc.constantFrom(...INSTRUMENTS), everyDays: fc.integer({ min: 1, max: 90 }) }),
        { selector: (entry) => entry.instrument, maxLength: INSTRUMENTS.length },
      ),
      fc.dictionary(fc.constantFrom(...INSTRUMENTS), fc.integer({ min: 0, max: 400 * 86_400_000 })),
      fc.integer({ min: 0, max: 400 * 86_400_000 }),
      fc.oneof(
        fc.constant(null),
        fc.constant('no-plan' as const),
        fc.integer({ min: -120 * 86_400_000, max: 30 * 86_400_000 }),
      ),
      (entries, agesMs, offsetMs, startOffset) => {
        const now = new Date(Date.UTC(2026, 11, 7) + offsetMs);
        const lastMs = new Map(Object.entries(agesMs).map(([id, age]) => [id, now.getTime() - age] as const));
        const lastIso = new Map([...lastMs].map(([id, ms]) => [id, new Date(ms).toISOString()] as const));
        // When the schedule starts: at once, not before a plan, or a discharge day around now.
        const start = typeof startOffset === 'number' ? now.getTime() + startOffset : startOffset;
        const status = scheduleStatus(entries, lastIso, now, start);
        expect(dueAndMissed(entries, lastMs, now.getTime(), start)).toEqual({
          due: status.filter((s) => s.due).map((s) => s.instrument),
          missed: status.filter((s) => s.missed).map((s) => s.instrument),
        });
      },
    ),
  );
});
