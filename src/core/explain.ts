/**
 * The clinician-readable explanation of a recommendation: its first step first (withdrawal
 * management, when it comes before the level of care), any warnings about the inputs, why (each rule
 * that fired, grouped as gates, floors and other considerations), what the plan must include, what
 * would change it, the alternatives, and the sources, numbered. Plain text, so it reads the same in a terminal, a log-free report or a test.
 */
import { ASSESSMENT_V2_SCHEMA_ID, factsOf, type Assessment } from './assessment.js';
import type { ClinicalFacts } from './clinical-facts.js';
import { DIMENSIONS, RATING_WORDS } from './dimensions.js';
import type { BasisEntry, Recommendation, Requirement, SequenceStep } from './recommendation.js';
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

function factsText(facts: ClinicalFacts): string {
  const parts: string[] = [];
  if (facts.substances !== undefined) parts.push(`substances: ${facts.substances.join(', ') || 'none'}`);
  if (facts.currentMedications !== undefined) {
    const list = facts.currentMedications.map((m) => (m.prescriber ? `${m.name} (${m.prescriber})` : m.name));
    parts.push(`medications for addiction: ${list.join(', ') || 'none'}`);
  }
  if (facts.opioidOverdosePast12Months !== undefined) {
    parts.push(`opioid overdose in the past 12 months: ${facts.opioidOverdosePast12Months ? 'yes' : 'no'}`);
  }
  if (facts.overdoseCount !== undefined) parts.push(`overdoses in the past 12 months: ${facts.overdoseCount}`);
  if (facts.withdrawalSeizureOrDeliriumHistory !== undefined) {
    parts.push(`past withdrawal seizures or delirium: ${facts.withdrawalSeizureOrDeliriumHistory ? 'yes' : 'no'}`);
  }
  if (facts.pregnant !== undefined) parts.push(`pregnant: ${facts.pregnant}`);
  if (facts.ageYears !== undefined) parts.push(`age: ${facts.ageYears}`);
  if (facts.withdrawalScale !== undefined) parts.push(`${facts.withdrawalScale.scale}: ${facts.withdrawalScale.score}`);
  return parts.length > 0 ? parts.join('; ') : 'none recorded';
}

const REQUIREMENT_TEXT: Readonly<Record<Requirement['requirement'], string>> = {
  'continue-medication':
    'Each medication for addiction, by name, and how it continues (prescriber or dosing clinic, bridge supply); programs that accept it',
  naloxone: 'Naloxone, in hand or where to get it',
  'obstetric-care': 'Obstetric (prenatal) care',
  'no-taper': 'Medication for opioid use disorder continued or offered; no taper by default',
};

function requirementText(requirement: Requirement): string {
  const text = REQUIREMENT_TEXT[requirement.requirement];
  return requirement.medications === undefined ? text : `${text}: ${requirement.medications.join(', ')}`;
}

/** ", medically monitored" for a step that must be, "" otherwise (and for steps that do not say). */
function monitoredText(step: SequenceStep | undefined): string {
  if (step === undefined || step.step === 'urgent-evaluation') return '';
  if (step.medicallyMonitored === undefined) return '';
  // Inpatient care is medically managed, more than monitored: the level's own label says so.
  if (step.setting === 'inpatient') return step.step === 'withdrawal-management' ? ', medically managed' : '';
  return step.medicallyMonitored ? ', medically monitored' : ', medical monitoring not required';
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
  const [first, then] = recommendation.sequence;
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
    const care = `${settingName(primary.setting, ruleset)}, ${hoursText(primary.hoursPerWeek)}${monitoredText(then ?? first)}${rr}`;
    // Withdrawal management that needs a 24-hour setting happens first, so it is what the reader sees first.
    if (first?.step === 'withdrawal-management') {
      out.push(`FIRST: Withdrawal management, ${first.setting}${monitoredText(first)}`);
      out.push(`THEN: ${care}`);
    } else {
      out.push(`RECOMMENDATION: ${care}`);
    }
  }
  out.push(`Withdrawal management: ${recommendation.withdrawalManagement}`);
  out.push(`Population: ${assessment.population}`);
  out.push('');

  if (recommendation.warnings.length > 0) {
    out.push('Check the inputs (these warnings do not change the result)');
    for (const warning of recommendation.warnings) {
      out.push(wrap(`${warning.text} [${warning.fields.join(', ')}]`, '    ', '  - '));
    }
    out.push('');
  }

  out.push('Ratings');
  for (const [id, dimension] of Object.entries(DIMENSIONS)) {
    const rating = assessment.ratings[dimension.id];
    out.push(`  ${id} ${dimension.name}: ${rating} (${RATING_WORDS[rating]})`);
  }
  const flags = Object.entries(assessment.flags)
    .filter(([, on]) => on)
    .map(([flag]) => flag);
  out.push(`  Flags: ${flags.length > 0 ? flags.join(', ') : 'none'}`);
  if (assessment.schema === ASSESSMENT_V2_SCHEMA_ID)
    out.push(wrap(`Facts: ${factsText(factsOf(assessment))}`, '    ', '  '));
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
      // A rule with several effects has a long head: its effects start the next line.
      if (head.length > WIDTH - 16) {
        out.push(`    - ${entry.rule}`, wrap(`(${entry.effect}) ${entry.text} ${cite(entry)}`, '      '));
      } else out.push(wrap(`${entry.text} ${cite(entry)}`, '      ', head));
    }
  }
  out.push('');

  if (recommendation.requirements.length > 0) {
    out.push('The plan must include');
    for (const requirement of recommendation.requirements) {
      out.push(wrap(`${requirementText(requirement)} (${requirement.rule})`, '    ', '  - '));
    }
    out.push('');
  }

  out.push('What would change it');
  if (recommendation.whatWouldChange.length === 0) {
    out.push('  No change to a single rating, flag or fact would change the result.');
  }
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
