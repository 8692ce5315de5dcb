import { describe, expect, it } from 'vitest';
import { aDraftPlan } from '../../../test/fixtures/plans.js';
import type { PlanDocument } from './plan-schema.js';
import { reapplyChanges } from './reapply.js';

const base: PlanDocument = aDraftPlan();

describe('reapplyChanges', () => {
  it('keeps my changes and their changes to other parts', () => {
    const edited = { ...base, notes: 'mine', reassessBy: '2030-01-01' };
    const newer = { ...base, supportGroups: [{ name: 'SMART', when: 'Mon', where: 'Library' }] };
    const result = reapplyChanges(base, edited, newer);
    expect(result.document).toEqual({ ...newer, notes: 'mine', reassessBy: '2030-01-01' });
    expect(result.mine).toEqual(['reassessBy', 'notes']);
    expect(result.both).toEqual([]);
  });

  it('names the parts both changed differently, with mine on top', () => {
    const edited = { ...base, notes: 'mine' };
    const newer = { ...base, notes: 'theirs' };
    expect(reapplyChanges(base, edited, newer)).toEqual({ document: edited, mine: ['notes'], both: ['notes'] });
    // The same change on both sides is no conflict.
    expect(reapplyChanges(base, edited, edited).both).toEqual([]);
  });

  it('takes the recommendation from the newer version, whatever the edit holds', () => {
    const newer = { ...base, recommendedSetting: 'php' as const, assessment: { ...base.assessment, version: 2 } };
    const edited = { ...base, recommendedSetting: 'op' as const };
    const result = reapplyChanges(base, edited, newer);
    expect(result.document.recommendedSetting).toBe('php');
    expect(result.document.assessment.version).toBe(2);
    expect(result.mine).toEqual([]);
  });
});
