/**
 * The fields the plan editor repeats: a labelled date (or date and time) whose empty value is null,
 * a labelled line or box of text, each with its problems beneath, the button that removes one item
 * of a list, and the reason a choice differs from the recommendation. One shape, so every field of the plan reads and behaves the same.
 */
import type { ComponentChildren } from 'preact';
import type { Variance } from '../../core/plans/plan-schema.js';
import { VARIANCE_REASON_LABELS, VARIANCE_REASONS } from '../../core/plans/vocabulary.js';
import { FieldError } from './clients.js';

interface FieldProps<T> {
  label: ComponentChildren;
  value: T;
  onChange: (value: T) => void;
  /** Problems with this field, in words, shown beneath it. */
  problems?: string[];
}

/** A date, or with `withTime` a local date and time; cleared, it is null. */
export function DateField(props: FieldProps<string | null> & { withTime?: boolean }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type={props.withTime ? 'datetime-local' : 'date'}
        value={props.value ?? ''}
        onInput={(e) => props.onChange(e.currentTarget.value || null)}
      />
      <FieldError messages={props.problems ?? []} />
    </label>
  );
}

/** One line of text (200 characters unless said otherwise). */
export function TextField(props: FieldProps<string> & { maxLength?: number; type?: 'text' | 'tel' }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type={props.type ?? 'text'}
        maxLength={props.maxLength ?? 200}
        value={props.value}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      <FieldError messages={props.problems ?? []} />
    </label>
  );
}

/** Several lines of text (2,000 characters unless said otherwise). */
export function TextAreaField(props: FieldProps<string> & { maxLength?: number; rows?: number; disabled?: boolean }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <textarea
        rows={props.rows ?? 2}
        maxLength={props.maxLength ?? 2000}
        value={props.value}
        disabled={props.disabled}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      <FieldError messages={props.problems ?? []} />
    </label>
  );
}

/** Removes one item of a list; its words name the item ("Remove appointment 2"). */
export function RemoveButton(props: { children: ComponentChildren; onRemove: () => void }) {
  return (
    <button type="button" class="button secondary" onClick={props.onRemove}>
      {props.children}
    </button>
  );
}

/**
 * Why a choice differs from the recommendation: a coded reason, what the other reason is when it is
 * "other", and a few words of narrative. The level of care and the withdrawal management chosen
 * both ask it, with their own labels.
 */
export function VarianceFieldset(props: {
  legend: string;
  labels: { reason: string; other: string; narrative: string };
  value: Variance | null;
  onChange: (variance: Variance) => void;
  problems: (field: 'reason' | 'otherText' | 'narrative') => string[];
  narrativeRows?: number;
}) {
  const { value, onChange } = props;
  return (
    <fieldset class="variance">
      <legend>{props.legend}</legend>
      <label class="field">
        <span>{props.labels.reason}</span>
        <select
          value={value?.reason ?? ''}
          onChange={(e) =>
            onChange({
              reason: e.currentTarget.value as (typeof VARIANCE_REASONS)[number],
              narrative: value?.narrative ?? '',
              ...(value?.otherText === undefined ? {} : { otherText: value.otherText }),
            })
          }
        >
          <option value="" disabled>
            Choose a reason
          </option>
          {VARIANCE_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {VARIANCE_REASON_LABELS[reason]}
            </option>
          ))}
        </select>
        <FieldError messages={props.problems('reason')} />
      </label>
      {value?.reason === 'other' ? (
        <TextField
          label={props.labels.other}
          value={value.otherText ?? ''}
          onChange={(otherText) => onChange({ ...value, otherText })}
          problems={props.problems('otherText')}
        />
      ) : null}
      <TextAreaField
        label={props.labels.narrative}
        rows={props.narrativeRows ?? 2}
        value={value?.narrative ?? ''}
        disabled={!value}
        onChange={(narrative) => value && onChange({ ...value, narrative })}
        problems={props.problems('narrative')}
      />
    </fieldset>
  );
}
