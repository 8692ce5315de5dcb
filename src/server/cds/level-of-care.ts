/**
 * The CDS Hooks service "stepdown-level-of-care": at an encounter's discharge, the EHR sends the
 * patient's latest Stepdown assessment (a QuestionnaireResponse answering our Questionnaire) as
 * prefetch, and gets back one card with the level of care the rules point to and their basis. The
 * card informs the clinician; the choice and any variance reason stay with them (overrideReasons
 * are our variance codes). Nothing is stored.
 */
import { randomUUID } from 'node:crypto';
import {
  ASSESSMENT_SCHEMA_ID,
  ASSESSMENT_V2_SCHEMA_ID,
  type Assessment,
  parseAssessment,
} from '../../core/assessment.js';
import { recommendPlacement } from '../../core/engine.js';
import { SETTING_LABELS, VARIANCE_REASON_LABELS, VARIANCE_REASONS } from '../../core/plans/vocabulary.js';
import type { Recommendation, Requirement } from '../../core/recommendation.js';
import type { CompiledRuleSet } from '../../core/ruleset.js';
import type { FieldIssue, Parsed } from '../../core/validation.js';
import { FHIR_BASE } from '../fhir/base.js';
import {
  factsFromResponseItems,
  QUESTIONNAIRE_URL,
  QUESTIONNAIRE_VERSION,
  QUESTIONNAIRE_VERSIONS,
} from '../fhir/questionnaire.js';

export const SERVICE_ID = 'stepdown-level-of-care';
export const SERVICE_HOOK = 'encounter-discharge';
/** Our variance reasons as a code system: a card's overrideReasons, and what feedback may send back. */
export const VARIANCE_SYSTEM = `${FHIR_BASE}/CodeSystem/variance-reason`;
const PREFETCH_PATH = 'prefetch.assessment';

/** The service as the discovery endpoint lists it. */
export function serviceDescription() {
  return {
    hook: SERVICE_HOOK,
    id: SERVICE_ID,
    title: 'Stepdown: level of care after discharge',
    description:
      'From the patient’s latest Stepdown assessment, the level of care the Stepdown rules point to, with the rules that fired, their sources and the rule set version. Decision support: the clinician decides.',
    prefetch: {
      assessment: `QuestionnaireResponse?subject={{context.patientId}}&questionnaire=${QUESTIONNAIRE_URL}&_sort=-authored&_count=1`,
    },
    usageRequirements:
      'Sign each call with a key listed for your issuer in the server’s STEPDOWN_CDS_CLIENTS file. The assessment must be sent as prefetch: this service does not query your FHIR server.',
  };
}

/** Why a call cannot be answered from what it carries. */
export type AssessmentFromPrefetch = Parsed<Assessment> | { ok: 'missing' };

interface ResponseItem {
  linkId?: unknown;
  answer?: unknown;
  item?: unknown;
}

/** Every answered item by linkId, groups included, first answer only (our items do not repeat). */
function answersByLinkId(items: unknown, into = new Map<string, Record<string, unknown>>()) {
  if (!Array.isArray(items)) return into;
  for (const item of items as ResponseItem[]) {
    if (typeof item !== 'object' || item === null) continue;
    const answer = Array.isArray(item.answer) ? (item.answer[0] as unknown) : undefined;
    if (typeof item.linkId === 'string' && typeof answer === 'object' && answer !== null) {
      into.set(item.linkId, answer as Record<string, unknown>);
    }
    answersByLinkId(item.item, into);
  }
  return into;
}

/** The newest QuestionnaireResponse in what was prefetched: the resource itself, or a searchset Bundle. */
function responseOf(prefetched: unknown): Record<string, unknown> | undefined {
  if (typeof prefetched !== 'object' || prefetched === null) return undefined;
  const resource = prefetched as Record<string, unknown>;
  if (resource.resourceType === 'QuestionnaireResponse') return resource;
  if (resource.resourceType !== 'Bundle' || !Array.isArray(resource.entry)) return undefined;
  const responses = (resource.entry as Array<{ resource?: Record<string, unknown> }>)
    .map((entry) => entry?.resource)
    .filter((entry): entry is Record<string, unknown> => entry?.resourceType === 'QuestionnaireResponse');
  const authored = (resource: Record<string, unknown>) =>
    typeof resource.authored === 'string' ? resource.authored : '';
  return responses.sort((a, b) => authored(b).localeCompare(authored(a)))[0];
}

/**
 * Reads an assessment document (@2 when it carries facts) from a prefetched QuestionnaireResponse (linkIds are the
 * document's paths, as the QuestionnaireResponse export writes them). Missing data (no
 * prefetch, null, an OperationOutcome, a Bundle without a response) is `missing`; a response that
 * is not ours or does not make a valid assessment is refused, each problem named by its linkId.
 */
export function assessmentFromPrefetch(prefetched: unknown): AssessmentFromPrefetch {
  const response = responseOf(prefetched);
  if (!response) return { ok: 'missing' };
  const issues: FieldIssue[] = [];
  const questionnaire = typeof response.questionnaire === 'string' ? response.questionnaire : '';
  const versions = QUESTIONNAIRE_VERSIONS.map((version) => `${QUESTIONNAIRE_URL}|${version}`);
  if (questionnaire !== QUESTIONNAIRE_URL && !versions.includes(questionnaire)) {
    issues.push({
      path: `${PREFETCH_PATH}.questionnaire`,
      message: `must be ${QUESTIONNAIRE_URL}|${QUESTIONNAIRE_VERSION}, the Stepdown assessment`,
    });
  }
  if (response.status !== 'completed' && response.status !== 'amended') {
    issues.push({ path: `${PREFETCH_PATH}.status`, message: 'must be completed or amended' });
  }
  if (issues.length > 0) return { ok: false, issues };

  const answers = answersByLinkId(response.item);
  const value = (linkId: string, key: string): unknown => answers.get(linkId)?.[key];
  const section = (prefix: string, key: string) => {
    const entries = [...answers.keys()]
      .filter((linkId) => linkId.startsWith(`${prefix}.`))
      .map((linkId) => [linkId.slice(prefix.length + 1), value(linkId, key)] as const);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  };
  const population = value('population', 'valueCoding');
  const facts = factsFromResponseItems(response.item);
  const document = {
    schema: facts === undefined ? ASSESSMENT_SCHEMA_ID : ASSESSMENT_V2_SCHEMA_ID,
    population:
      typeof population === 'object' && population !== null ? (population as { code?: unknown }).code : undefined,
    ratings: section('ratings', 'valueInteger') ?? {},
    flags: section('flags', 'valueBoolean'),
    ...(facts === undefined ? {} : { facts }),
    notes: section('notes', 'valueString'),
  };
  const parsed = parseAssessment(document);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    issues: parsed.issues.map((issue) => ({
      path: issue.path === '(root)' ? PREFETCH_PATH : `${PREFETCH_PATH}.item[${issue.path}]`,
      message: issue.message,
    })),
  };
}

const REQUIREMENT_CARD_TEXT: Readonly<Record<Requirement['requirement'], string>> = {
  'continue-medication': 'Each medication for addiction and how it continues (prescriber or dosing clinic, bridge)',
  naloxone: 'Naloxone',
  'obstetric-care': 'Obstetric (prenatal) care',
  'no-taper': 'Medication for opioid use disorder continued or offered; no taper by default',
};

function hoursText(hours: Recommendation['primary']['hoursPerWeek']): string {
  if (hours === null) return '';
  return hours.max === undefined
    ? `, ${hours.min} or more hours a week`
    : `, ${hours.min} to ${hours.max} hours a week`;
}

/** The one card: the level the rules point to, its basis in Markdown, and our variance codes. */
export function levelOfCareCard(assessment: Assessment, ruleset: CompiledRuleSet) {
  const recommendation = recommendPlacement(assessment, ruleset);
  const { primary } = recommendation;
  const [first] = recommendation.sequence;
  const care = `${SETTING_LABELS[primary.setting]}${hoursText(primary.hoursPerWeek)}${
    primary.withRecoveryResidence ? ', with a recovery residence' : ''
  }`;
  // The summary leads with the first step: withdrawal management, when it must come first.
  const summary = recommendation.urgent
    ? 'Urgent: safety concerns need evaluation now, before any step-down plan'
    : first?.step === 'withdrawal-management'
      ? `First: withdrawal management, ${first.setting}${first.medicallyMonitored && first.setting === 'residential' ? ', medically monitored' : ''}; then ${care}`
      : `Stepdown rules point to ${care}`;
  const lines = [
    `**${summary}.**`,
    '',
    ...(recommendation.withdrawalManagement === 'none'
      ? []
      : [`Withdrawal management: ${recommendation.withdrawalManagement}.`, '']),
    ...(recommendation.warnings.length === 0
      ? []
      : [
          'Check the inputs (these do not change the result):',
          ...recommendation.warnings.map((warning) => `- ${warning.text}`),
          '',
        ]),
    ...(recommendation.requirements.length === 0
      ? []
      : [
          'The plan must include:',
          ...recommendation.requirements.map(
            (requirement) =>
              `- ${REQUIREMENT_CARD_TEXT[requirement.requirement]}${requirement.medications ? `: ${requirement.medications.join(', ')}` : ''}`,
          ),
          '',
        ]),
    'Why:',
    ...recommendation.basis.map(
      (entry) => `- ${entry.text} (rule \`${entry.rule}\`; sources: ${entry.sources.join('; ')})`,
    ),
    '',
    ...(recommendation.alternatives.length === 0
      ? []
      : [
          'Also consider:',
          ...recommendation.alternatives.map(
            (alternative) => `- ${SETTING_LABELS[alternative.setting]}: ${alternative.why}`,
          ),
          '',
        ]),
    `Rule set ${recommendation.ruleset.id} ${recommendation.ruleset.version} (${recommendation.ruleset.hash}).`,
    'This supports the clinician’s decision and does not replace it. If you choose another level, record why.',
  ];
  return {
    uuid: randomUUID(),
    summary,
    // Urgent is critical; withdrawal management of any kind (first, or alongside care) is a warning.
    indicator: recommendation.urgent ? 'critical' : recommendation.withdrawalManagement === 'none' ? 'info' : 'warning',
    detail: lines.join('\n'),
    source: { label: `Stepdown rules ${recommendation.ruleset.id} ${recommendation.ruleset.version}` },
    overrideReasons: VARIANCE_REASONS.map((code) => ({
      system: VARIANCE_SYSTEM,
      code,
      display: VARIANCE_REASON_LABELS[code],
    })),
  };
}
