/**
 * The six-dimension assessment: guiding words for every rating, notes, the flags, the clinical facts
 * of an assessment@2 (substances, medications for addiction with their prescriber, overdose,
 * withdrawal seizures or delirium, pregnancy, age, a withdrawal scale), and a live recommendation
 * computed in the browser by the same core engine the server uses, with its warnings beside the form.
 * Saving creates a new version and the server's stored recommendation. A form with no fact recorded
 * saves an assessment@1, as before; any fact makes it an assessment@2.
 */
import { useMemo, useState } from 'preact/hooks';
import { FLAG_IDS, FLAG_MEANINGS, parseAssessment, type AssessmentInput, type FlagId } from '../../core/assessment.js';
import {
  ADDICTION_MEDICATIONS,
  SUBSTANCES,
  WITHDRAWAL_SCALES,
  type AddictionMedication,
  type PregnancyAnswer,
  type Substance,
  type WithdrawalScale,
} from '../../core/clinical-facts.js';
import { DIMENSION_IDS, DIMENSIONS, RATINGS, RATING_WORDS, type DimensionId } from '../../core/dimensions.js';
import { recommendPlacement } from '../../core/engine.js';
import type { CompiledRuleSet } from '../../core/ruleset.js';
import { loadDefaultRuleSet } from '../../core/rulesets/index.js';
import { ApiError, api } from './api.js';
import { ChangesAndAlternatives, RecommendationSummary, WarningsList } from './recommendation-view.js';
import { plainIssue } from './plain-words.js';
import { navigate } from './router.js';
import type { AssessmentResponse } from '../../core/api/assessments.js';

let ruleset: CompiledRuleSet | undefined;
function rules(): CompiledRuleSet {
  ruleset ??= loadDefaultRuleSet();
  return ruleset;
}

/** Yes, no, or not recorded (the fact is left out of the document). */
type YesNo = 'yes' | 'no' | '';

/** The facts as the form holds them: text where the clinician types, '' for "not recorded". */
type FactsDraft = {
  substances: Substance[];
  medications: Array<{ name: AddictionMedication; prescriber: string }>;
  overdose: YesNo;
  overdoseCount: string;
  seizures: YesNo;
  pregnant: PregnancyAnswer | '';
  age: string;
  scale: WithdrawalScale | '';
  score: string;
};

type Draft = {
  population: 'adult' | 'adolescent';
  ratings: Partial<Record<DimensionId, number>>;
  flags: Partial<Record<FlagId, boolean>>;
  notes: Partial<Record<DimensionId, string>>;
  facts: FactsDraft;
};

const SUBSTANCE_LABELS: Readonly<Record<Substance, string>> = {
  alcohol: 'Alcohol',
  opioids: 'Opioids (including fentanyl)',
  stimulants: 'Stimulants',
  sedatives: 'Sedatives (benzodiazepines, barbiturates)',
  cannabis: 'Cannabis',
  other: 'Other',
};

const MEDICATION_LABELS: Readonly<Record<AddictionMedication, string>> = {
  buprenorphine: 'Buprenorphine',
  methadone: 'Methadone',
  naltrexone: 'Naltrexone',
  acamprosate: 'Acamprosate',
  disulfiram: 'Disulfiram',
  other: 'Other',
};

/** A whole number typed into a field, or the text as typed, for the parser to name what is wrong. */
function numberOrText(text: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
}

function factsOf(draft: FactsDraft): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  if (draft.substances.length > 0) facts.substances = SUBSTANCES.filter((s) => draft.substances.includes(s));
  if (draft.medications.length > 0) {
    facts.currentMedications = draft.medications.map((m) =>
      m.prescriber.trim() === '' ? { name: m.name } : { name: m.name, prescriber: m.prescriber.trim() },
    );
  }
  if (draft.overdose !== '') facts.opioidOverdosePast12Months = draft.overdose === 'yes';
  if (draft.overdoseCount.trim() !== '') facts.overdoseCount = numberOrText(draft.overdoseCount);
  if (draft.seizures !== '') facts.withdrawalSeizureOrDeliriumHistory = draft.seizures === 'yes';
  if (draft.pregnant !== '') facts.pregnant = draft.pregnant;
  if (draft.age.trim() !== '') facts.ageYears = numberOrText(draft.age);
  if (draft.scale !== '' || draft.score.trim() !== '') {
    facts.withdrawalScale = { scale: draft.scale, score: numberOrText(draft.score) };
  }
  return facts;
}

function factsDraftOf(facts: Record<string, unknown> | undefined): FactsDraft {
  const f = (facts ?? {}) as {
    substances?: Substance[];
    currentMedications?: Array<{ name: AddictionMedication; prescriber?: string }>;
    opioidOverdosePast12Months?: boolean;
    overdoseCount?: number;
    withdrawalSeizureOrDeliriumHistory?: boolean;
    pregnant?: PregnancyAnswer;
    ageYears?: number;
    withdrawalScale?: { scale: WithdrawalScale; score: number };
  };
  const yesNo = (value: boolean | undefined): YesNo => (value === undefined ? '' : value ? 'yes' : 'no');
  return {
    substances: [...(f.substances ?? [])],
    medications: (f.currentMedications ?? []).map((m) => ({ name: m.name, prescriber: m.prescriber ?? '' })),
    overdose: yesNo(f.opioidOverdosePast12Months),
    overdoseCount: f.overdoseCount === undefined ? '' : String(f.overdoseCount),
    seizures: yesNo(f.withdrawalSeizureOrDeliriumHistory),
    pregnant: f.pregnant ?? '',
    age: f.ageYears === undefined ? '' : String(f.ageYears),
    scale: f.withdrawalScale?.scale ?? '',
    score: f.withdrawalScale === undefined ? '' : String(f.withdrawalScale.score),
  };
}

function toDocument(draft: Draft): AssessmentInput | undefined {
  if (DIMENSION_IDS.some((id) => draft.ratings[id] === undefined)) return undefined;
  const notes = Object.fromEntries(Object.entries(draft.notes).filter(([, text]) => text && text.trim() !== ''));
  const facts = factsOf(draft.facts);
  const common = {
    population: draft.population,
    ratings: draft.ratings as AssessmentInput['ratings'],
    flags: Object.fromEntries(FLAG_IDS.filter((id) => draft.flags[id]).map((id) => [id, true])),
  };
  const withNotes = Object.keys(notes).length > 0 ? { notes } : {};
  // The facts as typed: the parser checks them and the form shows what is wrong beside them.
  if (Object.keys(facts).length > 0) {
    return { schema: 'stepdown/assessment@2', ...common, facts, ...withNotes };
  }
  return { schema: 'stepdown/assessment@1', ...common, ...withNotes };
}

function YesNoField(props: { name: string; legend: string; value: YesNo; onChange: (value: YesNo) => void }) {
  const options: Array<[YesNo, string]> = [
    ['yes', 'Yes'],
    ['no', 'No'],
    ['', 'Not recorded'],
  ];
  return (
    <fieldset class="choice inline">
      <legend>{props.legend}</legend>
      {options.map(([value, label]) => (
        <label key={label} class="choice-option">
          <input
            type="radio"
            name={props.name}
            checked={props.value === value}
            onChange={() => props.onChange(value)}
          />
          <span>{label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** The problems the parser found under one path prefix, shown beside that field. */
function FieldIssues(props: { issues: ReadonlyArray<{ path: string; message: string }>; prefix: string }) {
  const mine = props.issues.filter((issue) => issue.path === props.prefix || issue.path.startsWith(`${props.prefix}.`));
  if (mine.length === 0) return null;
  return (
    <p class="error" role="alert">
      {mine.map(plainIssue).join('; ')}
    </p>
  );
}

function FactsFieldset(props: {
  facts: FactsDraft;
  onChange: (facts: FactsDraft) => void;
  issues: ReadonlyArray<{ path: string; message: string }>;
}) {
  const { facts, onChange, issues } = props;
  const set = (change: Partial<FactsDraft>) => onChange({ ...facts, ...change });
  return (
    <fieldset class="facts">
      <legend>Clinical facts</legend>
      <p class="muted">Optional. Leave a fact as not recorded when nobody asked; the rules never assume it.</p>
      <fieldset class="choice">
        <legend>Substances used</legend>
        {SUBSTANCES.map((substance) => (
          <label key={substance} class="choice-option">
            <input
              type="checkbox"
              name="fact-substance"
              value={substance}
              checked={facts.substances.includes(substance)}
              onChange={(e) =>
                set({
                  substances: e.currentTarget.checked
                    ? [...facts.substances, substance]
                    : facts.substances.filter((s) => s !== substance),
                })
              }
            />
            <span>{SUBSTANCE_LABELS[substance]}</span>
          </label>
        ))}
      </fieldset>
      <fieldset class="medications">
        <legend>Current medications for opioid or alcohol use disorder</legend>
        {facts.medications.map((medication, index) => (
          <div class="medication" key={index}>
            <label class="field">
              <span>Medication {index + 1}</span>
              <select
                value={medication.name}
                onChange={(e) =>
                  set({
                    medications: facts.medications.map((m, i) =>
                      i === index ? { ...m, name: e.currentTarget.value as AddictionMedication } : m,
                    ),
                  })
                }
              >
                {ADDICTION_MEDICATIONS.map((name) => (
                  <option key={name} value={name}>
                    {MEDICATION_LABELS[name]}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>Prescriber or dosing clinic for medication {index + 1}</span>
              <input
                type="text"
                maxLength={200}
                value={medication.prescriber}
                onInput={(e) =>
                  set({
                    medications: facts.medications.map((m, i) =>
                      i === index ? { ...m, prescriber: e.currentTarget.value } : m,
                    ),
                  })
                }
              />
            </label>
            <button
              type="button"
              class="button secondary"
              onClick={() => set({ medications: facts.medications.filter((_, i) => i !== index) })}
            >
              Remove medication {index + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          class="button secondary"
          onClick={() => set({ medications: [...facts.medications, { name: 'buprenorphine', prescriber: '' }] })}
        >
          Add a medication
        </button>
        <FieldIssues issues={issues} prefix="facts.currentMedications" />
      </fieldset>
      <YesNoField
        name="fact-overdose"
        legend="Opioid overdose in the past 12 months"
        value={facts.overdose}
        onChange={(overdose) => set({ overdose })}
      />
      <label class="field">
        <span>How many overdoses in the past 12 months</span>
        <input
          type="number"
          min={0}
          max={100}
          inputMode="numeric"
          value={facts.overdoseCount}
          onInput={(e) => set({ overdoseCount: e.currentTarget.value })}
        />
      </label>
      <FieldIssues issues={issues} prefix="facts.overdoseCount" />
      <YesNoField
        name="fact-seizures"
        legend="Ever had withdrawal seizures or withdrawal delirium"
        value={facts.seizures}
        onChange={(seizures) => set({ seizures })}
      />
      <fieldset class="choice inline">
        <legend>Pregnant</legend>
        {(
          [
            ['yes', 'Yes'],
            ['no', 'No'],
            ['not-asked', 'Not asked'],
            ['', 'Not recorded'],
          ] as const
        ).map(([value, label]) => (
          <label key={label} class="choice-option">
            <input
              type="radio"
              name="fact-pregnant"
              checked={facts.pregnant === value}
              onChange={() => set({ pregnant: value })}
            />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      <label class="field">
        <span>Age in years</span>
        <input
          type="number"
          min={0}
          max={120}
          inputMode="numeric"
          value={facts.age}
          onInput={(e) => set({ age: e.currentTarget.value })}
        />
      </label>
      <FieldIssues issues={issues} prefix="facts.ageYears" />
      <div class="scale">
        <label class="field">
          <span>Withdrawal scale</span>
          <select value={facts.scale} onChange={(e) => set({ scale: e.currentTarget.value as WithdrawalScale | '' })}>
            <option value="">None</option>
            {WITHDRAWAL_SCALES.map((scale) => (
              <option key={scale} value={scale}>
                {scale}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Withdrawal scale score</span>
          <input
            type="number"
            min={0}
            max={67}
            inputMode="numeric"
            value={facts.score}
            onInput={(e) => set({ score: e.currentTarget.value })}
          />
        </label>
      </div>
      <FieldIssues issues={issues} prefix="facts.withdrawalScale" />
    </fieldset>
  );
}

export function AssessmentForm(props: {
  clientId: string;
  revise?: AssessmentResponse;
  /** A new assessment that starts from this one's answers (a reassessment); saved as a new assessment. */
  prefill?: AssessmentResponse | undefined;
}) {
  const start = (props.revise ?? props.prefill)?.assessment;
  const [draft, setDraft] = useState<Draft>({
    population: start?.population ?? 'adult',
    ratings: { ...(start?.ratings ?? {}) },
    flags: { ...(start?.flags ?? {}) },
    notes: { ...(start?.notes ?? {}) },
    facts: factsDraftOf(start && 'facts' in start ? start.facts : undefined),
  });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const document = toDocument(draft);
  const parsed = useMemo(() => (document ? parseAssessment(document) : undefined), [JSON.stringify(document)]);
  const preview = useMemo(() => (parsed?.ok ? recommendPlacement(parsed.value, rules()) : undefined), [parsed]);
  const issues = parsed && !parsed.ok ? parsed.issues : [];
  const missing = DIMENSION_IDS.filter((id) => draft.ratings[id] === undefined);

  const save = async () => {
    if (!document) return;
    setSaving(true);
    setError(null);
    try {
      const { data } = props.revise
        ? await api<AssessmentResponse>('PUT', `/api/v1/assessments/${props.revise.id}`, {
            body: document,
            headers: { 'if-match': `"${props.revise.version}"` },
          })
        : await api<AssessmentResponse>('POST', `/api/v1/clients/${props.clientId}/assessments`, { body: document });
      navigate(`/assessments/${data.id}`);
    } catch (caught) {
      setError(
        caught instanceof ApiError ? `${caught.message} ${caught.issues.map(plainIssue).join('; ')}` : 'Save failed.',
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="assess">
      <form
        class="assess-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset class="choice">
          <legend>Population</legend>
          {(['adult', 'adolescent'] as const).map((population) => (
            <label key={population} class="choice-option">
              <input
                type="radio"
                name="population"
                checked={draft.population === population}
                onChange={() => setDraft({ ...draft, population })}
              />
              <span>{population === 'adult' ? 'Adult' : 'Adolescent'}</span>
            </label>
          ))}
        </fieldset>
        {DIMENSION_IDS.map((id) => {
          const dimension = DIMENSIONS[id];
          return (
            <fieldset key={id} class="dimension">
              <legend>
                {id.toUpperCase()} {dimension.name}
              </legend>
              <p class="muted">{dimension.covers}</p>
              {RATINGS.map((rating) => (
                <label key={rating} class="choice-option rating">
                  <input
                    type="radio"
                    name={`rating-${id}`}
                    checked={draft.ratings[id] === rating}
                    onChange={() => setDraft({ ...draft, ratings: { ...draft.ratings, [id]: rating } })}
                  />
                  <span>
                    <strong>
                      {rating} {RATING_WORDS[rating]}
                    </strong>
                    : {dimension.anchors[rating]}
                  </span>
                </label>
              ))}
              <label class="field">
                <span>Notes on {dimension.name.toLowerCase()}</span>
                <textarea
                  rows={2}
                  maxLength={10000}
                  value={draft.notes[id] ?? ''}
                  onInput={(e) => setDraft({ ...draft, notes: { ...draft.notes, [id]: e.currentTarget.value } })}
                />
              </label>
            </fieldset>
          );
        })}
        <fieldset class="flags">
          <legend>Flags</legend>
          {FLAG_IDS.map((flag) => (
            <label key={flag} class="choice-option">
              <input
                type="checkbox"
                checked={draft.flags[flag] === true}
                onChange={(e) => setDraft({ ...draft, flags: { ...draft.flags, [flag]: e.currentTarget.checked } })}
              />
              <span>{FLAG_MEANINGS[flag]}</span>
            </label>
          ))}
        </fieldset>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <FactsFieldset facts={draft.facts} onChange={(facts) => setDraft({ ...draft, facts })} issues={issues} />
        <button type="submit" class="button" disabled={!document || issues.length > 0 || saving}>
          {saving ? 'Saving…' : props.revise ? 'Save as a new version' : 'Save assessment'}
        </button>
      </form>
      <aside class="preview" aria-live="polite" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Live recommendation</h2>
        {preview ? (
          <>
            <RecommendationSummary recommendation={preview} />
            <WarningsList warnings={preview.warnings} level={3} />
            <ChangesAndAlternatives recommendation={preview} />
            <p class="muted">
              Computed in your browser with {preview.ruleset.id} {preview.ruleset.version}. The saved recommendation is
              computed again on the server.
            </p>
          </>
        ) : missing.length > 0 ? (
          <p class="muted">
            Rate every dimension to see the recommendation. Still to rate:{' '}
            {missing.map((id) => id.toUpperCase()).join(', ')}.
          </p>
        ) : (
          <p class="muted">Correct the fields marked in the form to see the recommendation.</p>
        )}
      </aside>
    </div>
  );
}
