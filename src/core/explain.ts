/**
 * The clinician-readable explanation of a recommendation: what it is, why (each rule that fired,
 * grouped as gates, floors and other considerations), what would change it, the alternatives, and
 * the sources, numbered. Plain text, so it reads the same in a terminal, a log-free report or a test.
 */
import type { Assessment } from './assessment.js';
import { DIMENSIONS, RATING_WORDS } from './dimensions.js';
import type { BasisEntry, Recommendation } from './recommendation.js';
import type { CompiledRuleSet } from './ruleset.js';
import type { HoursPerWeek, PrimarySetting } from './settings.js';

const WIDTH = 96;

function wrap(text: string, indent: string, firstIndent = indent): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

function hoursText(hours: HoursPerWeek | null): string {
  if (hours === null) return '24-hour setting';
  if (hours.max === undefined) return `${hours.min} or more hours a week`;
  return `${hours.min}-${hours.max} hours a week`;
}

function settingName(setting: PrimarySetting, ruleset: CompiledRuleSet): string {
  if (setting === 'urgent-evaluation') return 'Urgent evaluation';
  return `${ruleset.profile.settings[setting].label} (${setting})`;
}

/** Renders a recommendation as a clinician would read it. */
export function explainRecommendation(
  assessment: Assessment,
  recommendation: Recommendation,
  ruleset: CompiledRuleSet,
): string {
  const out: string[] = [];
  const sources: string[] = [];
  const cite = (entry: BasisEntry): string =>
    entry.sources
      .map((source) => {
        let n = sources.indexOf(source);
        if (n < 0) n = sources.push(source) - 1;
        return `[${n + 1}]`;
      })
      .join('');

  const { primary } = recommendation;
  if (recommendation.urgent) {
    out.push('RECOMMENDATION: URGENT EVALUATION');
    out.push(
      wrap(
        'A safety gate fired. Arrange same-day medical or crisis evaluation; no level of care is recommended until it is done.',
        '  ',
      ),
    );
  } else {
    const rr = primary.withRecoveryResidence ? ', paired with a recovery residence (sober living)' : '';
    out.push(`RECOMMENDATION: ${settingName(primary.setting, ruleset)}, ${hoursText(primary.hoursPerWeek)}${rr}`);
  }
  out.push(`Withdrawal management: ${recommendation.withdrawalManagement}`);
  out.push(`Population: ${assessment.population}`);
  out.push('');

  out.push('Ratings');
  for (const [id, dimension] of Object.entries(DIMENSIONS)) {
    const rating = assessment.ratings[dimension.id];
    out.push(`  ${id} ${dimension.name}: ${rating} (${RATING_WORDS[rating]})`);
  }
  const flags = Object.entries(assessment.flags)
    .filter(([, on]) => on)
    .map(([flag]) => flag);
  out.push(`  Flags: ${flags.length > 0 ? flags.join(', ') : 'none'}`);
  out.push('');

  out.push('Why');
  const groups: Array<[string, (entry: BasisEntry) => boolean]> = [
    ['Safety gates', (entry) => entry.rule.startsWith('gate.')],
    ['Floors by dimension', (entry) => !entry.rule.startsWith('gate.') && entry.dimension !== undefined],
    ['Other considerations', (entry) => !entry.rule.startsWith('gate.') && entry.dimension === undefined],
  ];
  for (const [title, belongs] of groups) {
    const entries = recommendation.basis.filter(belongs);
    out.push(`  ${title}${entries.length === 0 ? ': none fired' : ''}`);
    for (const entry of entries) {
      const head = `    - ${entry.rule} (${entry.effect}) `;
      out.push(wrap(`${entry.text} ${cite(entry)}`, '      ', head));
    }
  }
  out.push('');

  out.push('What would change it');
  if (recommendation.whatWouldChange.length === 0) out.push('  No change to a single rating would change the result.');
  for (const change of recommendation.whatWouldChange) out.push(wrap(change.text, '    ', '  - '));
  out.push('');

  out.push('Alternatives');
  if (recommendation.alternatives.length === 0) {
    // A rule set may put the floor at the most intensive setting, which leaves nothing to step up to.
    out.push(
      recommendation.urgent ? '  None: resolve the urgent evaluation first.' : '  None: no setting is more intensive.',
    );
  }
  for (const alternative of recommendation.alternatives) {
    out.push(wrap(alternative.why, '    ', `  - ${settingName(alternative.setting, ruleset)}: `));
  }
  out.push('');

  out.push('Sources');
  for (const [index, source] of sources.entries()) out.push(wrap(source, '      ', `  [${index + 1}] `));
  out.push('');
  const { id, version, hash } = recommendation.ruleset;
  out.push(`Rule set: ${id} ${version} (${hash})`);
  out.push(
    wrap(
      'Decision support for a clinician: check the basis above against your own assessment. The final choice, and the reason when it differs, is yours to record.',
      '',
    ),
  );
  return `${out.join('\n')}\n`;
}
