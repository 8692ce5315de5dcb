/**
 * The six-dimension assessment: guiding words for every rating, notes, the flags, and a live
 * recommendation computed in the browser by the same core engine the server uses. Saving creates a
 * new version and the server's stored recommendation.
 */
import { useMemo, useState } from 'preact/hooks';
import { FLAG_IDS, FLAG_MEANINGS, parseAssessment, type AssessmentInput, type FlagId } from '../../core/assessment.js';
import { DIMENSION_IDS, DIMENSIONS, RATINGS, RATING_WORDS, type DimensionId } from '../../core/dimensions.js';
import { recommendPlacement } from '../../core/engine.js';
import type { CompiledRuleSet } from '../../core/ruleset.js';
import { loadDefaultRuleSet } from '../../core/rulesets/index.js';
import { ApiError, api } from './api.js';
import { ChangesAndAlternatives, RecommendationSummary } from './recommendation-view.js';
import { navigate } from './router.js';
import type { AssessmentResponse } from '../../core/api/assessments.js';

let ruleset: CompiledRuleSet | undefined;
function rules(): CompiledRuleSet {
  ruleset ??= loadDefaultRuleSet();
  return ruleset;
}

type Draft = {
  population: 'adult' | 'adolescent';
  ratings: Partial<Record<DimensionId, number>>;
  flags: Partial<Record<FlagId, boolean>>;
  notes: Partial<Record<DimensionId, string>>;
};

function toDocument(draft: Draft): AssessmentInput | undefined {
  if (DIMENSION_IDS.some((id) => draft.ratings[id] === undefined)) return undefined;
  const notes = Object.fromEntries(Object.entries(draft.notes).filter(([, text]) => text && text.trim() !== ''));
  return {
    schema: 'stepdown/assessment@1',
    population: draft.population,
    ratings: draft.ratings as AssessmentInput['ratings'],
    flags: Object.fromEntries(FLAG_IDS.filter((id) => draft.flags[id]).map((id) => [id, true])),
    ...(Object.keys(notes).length > 0 ? { notes } : {}),
  };
}

export function AssessmentForm(props: { clientId: string; revise?: AssessmentResponse }) {
  const start = props.revise?.assessment;
  const [draft, setDraft] = useState<Draft>({
    population: start?.population ?? 'adult',
    ratings: { ...(start?.ratings ?? {}) },
    flags: { ...(start?.flags ?? {}) },
    notes: { ...(start?.notes ?? {}) },
  });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const document = toDocument(draft);
  const preview = useMemo(() => {
    if (!document) return undefined;
    const parsed = parseAssessment(document);
    return parsed.ok ? recommendPlacement(parsed.value, rules()) : undefined;
  }, [JSON.stringify(document)]);
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
        caught instanceof ApiError
          ? `${caught.message} ${caught.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`
          : 'Save failed.',
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
        <button type="submit" class="button" disabled={!document || saving}>
          {saving ? 'Saving…' : props.revise ? 'Save as a new version' : 'Save assessment'}
        </button>
      </form>
      <aside class="preview" aria-live="polite" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Live recommendation</h2>
        {preview ? (
          <>
            <RecommendationSummary recommendation={preview} />
            <ChangesAndAlternatives recommendation={preview} />
            <p class="muted">
              Computed in your browser with {preview.ruleset.id} {preview.ruleset.version}. The saved recommendation is
              computed again on the server.
            </p>
          </>
        ) : (
          <p class="muted">
            Rate every dimension to see the recommendation. Still to rate:{' '}
            {missing.map((id) => id.toUpperCase()).join(', ')}.
          </p>
        )}
      </aside>
    </div>
  );
}
