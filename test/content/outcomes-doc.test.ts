/**
 * docs/outcomes.md quotes, word for word, the definition of every outcome figure and of an episode
 * as the page and the CSV give them: the document cannot drift from what is counted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EPISODE_DEFINITION,
  OUTCOME_DEFINITIONS,
  OUTCOME_FIGURE_IDS,
  OUTCOME_LABELS,
} from '../../src/core/outcomes/index.js';

const doc = readFileSync(new URL('../../docs/outcomes.md', import.meta.url), 'utf8');

describe('docs/outcomes.md', () => {
  it('defines an episode as the page does', () => {
    expect(doc).toContain(EPISODE_DEFINITION);
  });

  it.each(OUTCOME_FIGURE_IDS)('gives %s its label and its definition', (id) => {
    expect(doc).toContain(`### ${OUTCOME_LABELS[id]} (\`${id}\`)`);
    expect(doc).toContain(OUTCOME_DEFINITIONS[id]);
  });
});
