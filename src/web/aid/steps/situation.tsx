/**
 * Step 4: my situation. Safety questions come first; each answer that matters shows the help that
 * fits it under the question, and the person can always go on. Thoughts of ending one's life right
 * now put 988 and 911 first on the screen. The rest become things to talk about with the therapist,
 * never a verdict.
 */
import {
  immediateDanger,
  QUESTION_IDS,
  SAFETY_QUESTIONS,
  SITUATION_QUESTIONS,
  safetyNoteFor,
  talkingPoints,
  type QuestionId,
} from '../../../core/decision-aid/situation.js';
import { useAid } from '../context.js';
import { Choice } from '../parts/choice.js';
import { CrisisButtons } from '../parts/crisis-bar.js';

/** The help that fits one safety answer, shown in place and read out when it appears. */
function SafetyHelp(props: { id: QuestionId }) {
  const { guide, state } = useAid();
  const note = safetyNoteFor(props.id, state.answers);
  const words = note === undefined ? undefined : guide.safety.notes[note];
  return (
    <div aria-live="polite">
      {words ? (
        <div class="safety-help">
          <p class="safety-help-heading">{words.heading}</p>
          <ul>
            {words.help.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function Question(props: { id: QuestionId; safety?: boolean }) {
  const { guide, state, update } = useAid();
  const words = guide.situation[props.id];
  if (!words) return null;
  const answerIds = SITUATION_QUESTIONS[props.id] as readonly string[];
  return (
    <Choice
      name={`q-${props.id}`}
      legend={words.question}
      help={words.help}
      options={answerIds.map((value) => ({ value, label: words.answers[value] ?? value }))}
      value={state.answers[props.id]}
      onChange={(value) => update((s) => ({ ...s, answers: { ...s.answers, [props.id]: value } }))}
    >
      {props.safety ? <SafetyHelp id={props.id} /> : null}
    </Choice>
  );
}

/** 988 and 911 first, above everything else on the screen, while an answer says danger right now. */
function UrgentHelp() {
  const { guide, state } = useAid();
  return (
    <div role="alert">
      {immediateDanger(state.answers) ? (
        <section class="urgent" aria-labelledby="urgent-heading">
          <h2 id="urgent-heading">{guide.safety.urgent.title}</h2>
          <p>{guide.safety.urgent.body}</p>
          <CrisisButtons />
        </section>
      ) : null}
    </div>
  );
}

export function TalkingPointsList() {
  const { guide, state, t } = useAid();
  const groups = talkingPoints(state.answers);
  if (groups.length === 0) return <p class="note">{t('situation.noPoints')}</p>;
  return (
    <>
      {groups.map((group) => {
        const words = guide.talkingPoints[group.group];
        if (!words) return null;
        return (
          <section key={group.group} class="points">
            <h3>{words.heading}</h3>
            <ul>
              {group.points.map((point) => (
                <li key={point}>{words.points[point]}</li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

export function SituationStep() {
  const { t, state, update } = useAid();
  const others = QUESTION_IDS.filter((id) => !SAFETY_QUESTIONS.includes(id));
  return (
    <>
      <h1 tabIndex={-1}>{t('situation.title')}</h1>
      <UrgentHelp />
      <p>{t('situation.intro')}</p>
      <section aria-labelledby="safety-heading">
        <h2 id="safety-heading">{t('situation.safetyHeading')}</h2>
        {SAFETY_QUESTIONS.map((id) => (
          <Question key={id} id={id} safety />
        ))}
      </section>
      <section aria-labelledby="life-heading">
        <h2 id="life-heading">{t('situation.lifeHeading')}</h2>
        {others.map((id) => (
          <Question key={id} id={id} />
        ))}
        {state.answers.therapistSaid && state.answers.therapistSaid !== 'not-yet' ? (
          <label class="field">
            <span>{t('situation.therapistWhy')}</span>
            <textarea
              rows={3}
              maxLength={2000}
              value={state.therapistReason}
              onInput={(event) => {
                const value = event.currentTarget.value;
                update((s) => ({ ...s, therapistReason: value }));
              }}
            />
          </label>
        ) : null}
      </section>
      <section aria-labelledby="points-heading" class="talk">
        <h2 id="points-heading">{t('situation.pointsHeading')}</h2>
        <TalkingPointsList />
      </section>
    </>
  );
}
