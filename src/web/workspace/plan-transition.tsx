/**
 * The plan@2 parts of the plan editor: the first step of care, the withdrawal management chosen
 * (with a coded reason when it differs), the urgent evaluation, medications with the supply given at
 * discharge, the discharge date and dated appointments (one filled from an accepted referral in one
 * click) or why there is none, and the client's safety plan. Finalisation problems are worded for
 * people here: each field path has a plain name.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ReferralListResponse, ReferralResponse } from '../../core/api/referrals.js';
import { emptySafetyPlan } from '../../core/plans/draft.js';
import type { Appointment, Medication, PlanDocument, SafetyPlan } from '../../core/plans/plan-schema.js';
import { describeStep } from '../../core/plans/sequence.js';
import {
  APPOINTMENT_KIND_LABELS,
  APPOINTMENT_KINDS,
  MEDICATION_COURSE_LABELS,
  MEDICATION_COURSES,
  type MedicationCourse,
  MEDICATION_PURPOSE_LABELS,
  MEDICATION_PURPOSES,
  NO_APPOINTMENT_REASON_LABELS,
  NO_APPOINTMENT_REASONS,
  VARIANCE_REASON_LABELS,
  VARIANCE_REASONS,
} from '../../core/plans/vocabulary.js';
import type { FieldIssue } from '../../core/validation.js';
import { api } from './api.js';
import { FieldError } from './clients.js';
import { LineListEditor, RecordListEditor } from './list-editor.js';

const WITHDRAWAL = ['none', 'ambulatory', 'residential', 'inpatient'] as const;
const WITHDRAWAL_LABELS: Readonly<Record<(typeof WITHDRAWAL)[number], string>> = {
  none: 'None',
  ambulatory: 'Ambulatory (outpatient)',
  residential: 'Residential (24-hour)',
  inpatient: 'Inpatient (hospital)',
};

/** Plain names of the fields a finalisation problem can name, most specific first. */
const FIELD_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^urgentEvaluation/, 'Urgent evaluation'],
  [/^medications\.(\d+)\.(\w+)/, 'Medication'],
  [/^medications/, 'Medications'],
  [/^appointments\.(\d+)/, 'Appointment'],
  [/^appointments/, 'First appointment'],
  [/^noAppointmentReason/, 'Why there is no appointment'],
  [/^dischargeDate/, 'Discharge date'],
  [/^safetyPlan/, 'Safety plan'],
  [/^withdrawalVariance/, 'Withdrawal management: reason for the difference'],
  [/^variance/, 'Level of care: reason for the difference'],
  [/^reassessBy/, 'Reassess by'],
  [/^safety\.naloxone/, 'Naloxone'],
  [/^safety\.medication/, 'Medication for opioid or alcohol use disorder'],
  [/^safety/, 'Safety block'],
  [/^goals\.(\d+)/, 'Goal'],
  [/^goals/, 'Goals and follow-up'],
];

/** A finalisation problem in plain words: "Urgent evaluation: record when ...". */
export function plainProblem(problem: FieldIssue): string {
  for (const [pattern, name] of FIELD_NAMES) {
    const match = pattern.exec(problem.path);
    if (match) {
      const index = match[1] === undefined ? '' : ` ${Number(match[1]) + 1}`;
      return `${name}${index}: ${problem.message}`;
    }
  }
  return `${problem.path}: ${problem.message}`;
}

export interface TransitionProps {
  planId: string;
  planVersion: number;
  clientId: string;
  draft: PlanDocument;
  set: (change: Partial<PlanDocument>) => void;
  problemsFor: (path: string) => string[];
  /** After the server saved a new version (an appointment filled from a referral). */
  onSaved: () => void;
  onError: (error: unknown) => void;
}

/** The first step of care, shown above everything else in the plan. */
export function FirstStep(props: { draft: PlanDocument }) {
  const [first, ...rest] = props.draft.sequence;
  if (!first) return null;
  return (
    <div class="banner" data-testid="plan-first-step">
      <p>
        <strong>First: {describeStep(first)}</strong>
      </p>
      {rest.map((step) => (
        <p key={step.step}>Then: {describeStep(step)}</p>
      ))}
    </div>
  );
}

export function WithdrawalChoice(props: TransitionProps) {
  const { draft, set, problemsFor } = props;
  const differs = draft.selectedWithdrawalManagement !== draft.withdrawalManagement;
  return (
    <>
      <label class="field">
        <span>Withdrawal management chosen (recommended: {WITHDRAWAL_LABELS[draft.withdrawalManagement]})</span>
        <select
          value={draft.selectedWithdrawalManagement}
          onChange={(e) =>
            set({ selectedWithdrawalManagement: e.currentTarget.value as PlanDocument['selectedWithdrawalManagement'] })
          }
        >
          {WITHDRAWAL.map((value) => (
            <option key={value} value={value}>
              {WITHDRAWAL_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      {differs ? (
        <fieldset class="variance">
          <legend>Why the withdrawal management differs (required)</legend>
          <label class="field">
            <span>Withdrawal reason</span>
            <select
              value={draft.withdrawalVariance?.reason ?? ''}
              onChange={(e) =>
                set({
                  withdrawalVariance: {
                    reason: e.currentTarget.value as (typeof VARIANCE_REASONS)[number],
                    narrative: draft.withdrawalVariance?.narrative ?? '',
                  },
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
            <FieldError messages={problemsFor('withdrawalVariance.reason')} />
          </label>
          <label class="field">
            <span>Withdrawal narrative</span>
            <textarea
              rows={2}
              maxLength={2000}
              value={draft.withdrawalVariance?.narrative ?? ''}
              disabled={!draft.withdrawalVariance}
              onInput={(e) =>
                draft.withdrawalVariance &&
                set({ withdrawalVariance: { ...draft.withdrawalVariance, narrative: e.currentTarget.value } })
              }
            />
            <FieldError messages={problemsFor('withdrawalVariance.narrative')} />
          </label>
        </fieldset>
      ) : null}
    </>
  );
}

export function UrgentEvaluationEditor(props: TransitionProps) {
  const { draft, set, problemsFor } = props;
  if (!draft.urgent && draft.urgentEvaluation === null) return null;
  const evaluation = draft.urgentEvaluation ?? { when: null, by: '', outcome: { kind: 'stated' as const, text: '' } };
  const change = (next: Partial<typeof evaluation>) => set({ urgentEvaluation: { ...evaluation, ...next } });
  return (
    <section class="plan-section" aria-labelledby="p-urgent">
      <h2 id="p-urgent">Urgent evaluation (required: the recommendation was urgent)</h2>
      <FieldError messages={draft.urgentEvaluation === null ? problemsFor('urgentEvaluation') : []} />
      <label class="field">
        <span>Evaluated on</span>
        <input
          type="datetime-local"
          value={evaluation.when ?? ''}
          onInput={(e) => change({ when: e.currentTarget.value || null })}
        />
        <FieldError messages={problemsFor('urgentEvaluation.when')} />
      </label>
      <label class="field">
        <span>Evaluated by</span>
        <input maxLength={200} value={evaluation.by} onInput={(e) => change({ by: e.currentTarget.value })} />
        <FieldError messages={problemsFor('urgentEvaluation.by')} />
      </label>
      <label class="field">
        <span>Outcome</span>
        <select
          value={evaluation.outcome.kind}
          onChange={(e) =>
            change({
              outcome: { kind: e.currentTarget.value as 'stated' | 'new-assessment', text: evaluation.outcome.text },
            })
          }
        >
          <option value="stated">Stated here</option>
          <option value="new-assessment">Leads to a new assessment</option>
        </select>
      </label>
      <label class="field">
        <span>What the evaluation found</span>
        <textarea
          rows={2}
          maxLength={2000}
          value={evaluation.outcome.text}
          onInput={(e) => change({ outcome: { ...evaluation.outcome, text: e.currentTarget.value } })}
        />
        <FieldError messages={problemsFor('urgentEvaluation.outcome.text')} />
      </label>
    </section>
  );
}

const EMPTY_MEDICATION: Medication = {
  name: '',
  dose: '',
  for: 'opioid-use-disorder',
  prescriber: '',
  lastDose: null,
  bridgeSupplyUntil: null,
};

export function MedicationsEditor(props: TransitionProps) {
  const { draft, set, problemsFor } = props;
  const update = (index: number, change: Partial<Medication>) =>
    set({ medications: draft.medications.map((item, i) => (i === index ? { ...item, ...change } : item)) });
  return (
    <section class="plan-section" aria-labelledby="p-medications">
      <h2 id="p-medications">Medications</h2>
      {draft.needs.medicationsForAddiction.length > 0 ? (
        <p>The assessment lists: {draft.needs.medicationsForAddiction.join(', ')}. Say how each continues.</p>
      ) : null}
      <FieldError messages={problemsFor('medications').filter((m) => !/^\d/.test(m))} />
      {draft.medications.map((medication, index) => (
        <fieldset key={index} class="list-editor">
          <legend>Medication {index + 1}</legend>
          {(['name', 'dose', 'prescriber'] as const).map((key) => (
            <label key={key} class="field">
              <span>
                {key === 'name' ? 'Medicine' : key === 'dose' ? 'Dose' : 'Prescriber or dosing clinic'} (medication{' '}
                {index + 1})
              </span>
              <input
                maxLength={200}
                value={medication[key]}
                onInput={(e) => update(index, { [key]: e.currentTarget.value })}
              />
              <FieldError messages={problemsFor(`medications.${index}.${key}`)} />
            </label>
          ))}
          <label class="field">
            <span>For (medication {index + 1})</span>
            <select
              value={medication.for}
              onChange={(e) => update(index, { for: e.currentTarget.value as Medication['for'] })}
            >
              {MEDICATION_PURPOSES.map((purpose) => (
                <option key={purpose} value={purpose}>
                  {MEDICATION_PURPOSE_LABELS[purpose]}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Last dose (medication {index + 1})</span>
            <input
              type="datetime-local"
              value={medication.lastDose ?? ''}
              onInput={(e) => update(index, { lastDose: e.currentTarget.value || null })}
            />
          </label>
          <label class="field">
            <span>Bridge supply until (medication {index + 1})</span>
            <input
              type="date"
              value={medication.bridgeSupplyUntil ?? ''}
              onInput={(e) => update(index, { bridgeSupplyUntil: e.currentTarget.value || null })}
            />
          </label>
          <label class="field">
            <span>After discharge (medication {index + 1})</span>
            <select
              value={medication.course ?? 'continue'}
              onChange={(e) => {
                const course = e.currentTarget.value as MedicationCourse;
                update(index, course === 'continue' ? { course, courseReason: '' } : { course });
              }}
            >
              {MEDICATION_COURSES.map((course) => (
                <option key={course} value={course}>
                  {MEDICATION_COURSE_LABELS[course]}
                </option>
              ))}
            </select>
          </label>
          {medication.course === 'taper' || medication.course === 'stop' ? (
            <label class="field">
              <span>
                Clinical reason for the {medication.course === 'taper' ? 'taper' : 'stop'} (medication {index + 1})
              </span>
              <textarea
                rows={2}
                maxLength={2000}
                value={medication.courseReason ?? ''}
                onInput={(e) => update(index, { courseReason: e.currentTarget.value })}
              />
              <FieldError messages={problemsFor(`medications.${index}.courseReason`)} />
            </label>
          ) : null}
          <button
            type="button"
            class="button secondary"
            onClick={() => set({ medications: draft.medications.filter((_, i) => i !== index) })}
          >
            Remove medication {index + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="button secondary"
        onClick={() => set({ medications: [...draft.medications, { ...EMPTY_MEDICATION }] })}
      >
        Add a medication
      </button>
    </section>
  );
}

const EMPTY_APPOINTMENT: Appointment = {
  kind: 'program-intake',
  with: '',
  address: '',
  phone: '',
  startsAt: null,
};

export function AppointmentsEditor(props: TransitionProps) {
  const { draft, set, problemsFor } = props;
  const [referrals, setReferrals] = useState<ReferralResponse[]>([]);
  const [times, setTimes] = useState<Record<string, string>>({});
  useEffect(() => {
    void api<ReferralListResponse>('GET', `/api/v1/clients/${props.clientId}/referrals`).then(
      ({ data }) => setReferrals(data.items),
      props.onError,
    );
  }, [props.clientId, props.planVersion]);
  const update = (index: number, change: Partial<Appointment>) =>
    set({ appointments: draft.appointments.map((item, i) => (i === index ? { ...item, ...change } : item)) });
  const accepted = referrals.filter((referral) => referral.status === 'accepted');
  const fill = async (referralId: string) => {
    try {
      await api('POST', `/api/v1/plans/${props.planId}/appointments/from-referral`, {
        body: { referralId, startsAt: times[referralId] ?? '' },
        headers: { 'if-match': `"${props.planVersion}"` },
      });
      props.onSaved();
    } catch (caught) {
      props.onError(caught);
    }
  };
  return (
    <section class="plan-section" aria-labelledby="p-appointments">
      <h2 id="p-appointments">Discharge and first appointments</h2>
      <label class="field">
        <span>Discharge date</span>
        <input
          type="date"
          value={draft.dischargeDate ?? ''}
          onInput={(e) => set({ dischargeDate: e.currentTarget.value || null })}
        />
        <FieldError messages={problemsFor('dischargeDate')} />
      </label>
      <FieldError messages={problemsFor('appointments').filter((m) => !m.startsWith('appointments.'))} />
      {draft.appointments.map((appointment, index) => (
        <fieldset key={index} class="list-editor">
          <legend>
            Appointment {index + 1}
            {appointment.referralId ? ' (from a referral)' : ''}
          </legend>
          <label class="field">
            <span>Kind (appointment {index + 1})</span>
            <select
              value={appointment.kind}
              onChange={(e) => update(index, { kind: e.currentTarget.value as Appointment['kind'] })}
            >
              {APPOINTMENT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {APPOINTMENT_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          </label>
          {(['with', 'address', 'phone'] as const).map((key) => (
            <label key={key} class="field">
              <span>
                {key === 'with' ? 'With' : key === 'address' ? 'Address' : 'Phone'} (appointment {index + 1})
              </span>
              <input
                type={key === 'phone' ? 'tel' : 'text'}
                maxLength={200}
                value={appointment[key]}
                onInput={(e) => update(index, { [key]: e.currentTarget.value })}
              />
              <FieldError messages={problemsFor(`appointments.${index}.${key}`)} />
            </label>
          ))}
          <label class="field">
            <span>Starts at (appointment {index + 1}, local time)</span>
            <input
              type="datetime-local"
              value={appointment.startsAt ?? ''}
              onInput={(e) => update(index, { startsAt: e.currentTarget.value || null })}
            />
            <FieldError messages={problemsFor(`appointments.${index}.startsAt`)} />
          </label>
          <button
            type="button"
            class="button secondary"
            onClick={() => set({ appointments: draft.appointments.filter((_, i) => i !== index) })}
          >
            Remove appointment {index + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="button secondary"
        onClick={() => set({ appointments: [...draft.appointments, { ...EMPTY_APPOINTMENT }] })}
      >
        Add an appointment
      </button>
      {accepted.length > 0 ? (
        <div data-testid="referral-appointments">
          <h3>From an accepted referral</h3>
          <p class="muted">Fills the program's name, address and phone; saves a new version. Save your edits first.</p>
          {accepted.map((referral) => (
            <div key={referral.id} class="toolbar">
              <label class="field grow">
                <span>First session at {referral.program.name}</span>
                <input
                  type="datetime-local"
                  value={times[referral.id] ?? ''}
                  onInput={(e) => setTimes({ ...times, [referral.id]: e.currentTarget.value })}
                />
              </label>
              <button type="button" class="button secondary" onClick={() => void fill(referral.id)}>
                Fill appointment from {referral.program.name}
              </button>
            </div>
          ))}
        </div>
      ) : null}
      <label class="field">
        <span>No appointment within 7 days: why</span>
        <select
          value={draft.noAppointmentReason?.reason ?? ''}
          onChange={(e) => {
            const reason = e.currentTarget.value;
            set({
              noAppointmentReason:
                reason === ''
                  ? null
                  : {
                      reason: reason as (typeof NO_APPOINTMENT_REASONS)[number],
                      text: draft.noAppointmentReason?.text ?? '',
                    },
            });
          }}
        >
          <option value="">There is an appointment within 7 days</option>
          {NO_APPOINTMENT_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {NO_APPOINTMENT_REASON_LABELS[reason]}
            </option>
          ))}
        </select>
      </label>
      {draft.noAppointmentReason ? (
        <label class="field">
          <span>More about why there is no appointment</span>
          <input
            maxLength={2000}
            value={draft.noAppointmentReason.text}
            onInput={(e) =>
              draft.noAppointmentReason &&
              set({ noAppointmentReason: { ...draft.noAppointmentReason, text: e.currentTarget.value } })
            }
          />
          <FieldError messages={problemsFor('noAppointmentReason.text')} />
        </label>
      ) : null}
    </section>
  );
}

const LINE_PARTS = [
  ['warningSigns', 'Warning signs of a crisis', 'Add a crisis warning sign'],
  ['onMyOwn', 'Things I can do on my own', 'Add something to do on my own'],
  ['peopleAndPlaces', 'People and places that help', 'Add a person or place'],
  ['saferSurroundings', 'Making my surroundings safer', 'Add a way to be safer'],
] as const;

export function SafetyPlanEditor(props: TransitionProps) {
  const { draft, set, problemsFor } = props;
  const plan = draft.safetyPlan;
  const change = (next: Partial<SafetyPlan>) => plan && set({ safetyPlan: { ...plan, ...next } });
  return (
    <section class="plan-section" aria-labelledby="p-safety-plan">
      <h2 id="p-safety-plan">Safety plan{draft.needs.safetyPlan ? ' (required)' : ''}</h2>
      <p class="muted">Written with the client, in their words.</p>
      <FieldError messages={plan === null ? problemsFor('safetyPlan') : []} />
      {plan === null ? (
        <button type="button" class="button secondary" onClick={() => set({ safetyPlan: emptySafetyPlan() })}>
          Add a safety plan
        </button>
      ) : (
        <>
          {LINE_PARTS.map(([key, legend, addLabel]) => (
            <div key={key}>
              <LineListEditor
                legend={legend}
                items={plan[key]}
                addLabel={addLabel}
                disabled={false}
                onChange={(items) => change({ [key]: items })}
              />
              <FieldError messages={problemsFor(`safetyPlan.${key}`)} />
            </div>
          ))}
          <RecordListEditor
            legend="People I can ask for help"
            items={plan.peopleToAsk}
            fields={[
              { key: 'name', label: 'Name' },
              { key: 'phone', label: 'Phone', type: 'tel' },
            ]}
            empty={{ name: '', phone: '' }}
            addLabel="Add a person to ask"
            disabled={false}
            onChange={(peopleToAsk) => change({ peopleToAsk })}
          />
          <FieldError messages={problemsFor('safetyPlan.peopleToAsk')} />
          <RecordListEditor
            legend="Professionals and crisis lines"
            items={plan.professionals}
            fields={[
              { key: 'name', label: 'Name' },
              { key: 'phone', label: 'Phone', type: 'tel' },
            ]}
            empty={{ name: '', phone: '' }}
            addLabel="Add a professional or crisis line"
            disabled={false}
            onChange={(professionals) => change({ professionals })}
          />
          <FieldError messages={problemsFor('safetyPlan.professionals')} />
        </>
      )}
    </section>
  );
}
