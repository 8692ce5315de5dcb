/**
 * Step 4: my situation. Safety questions come first; an answer that is a red flag stops the flow and
 * shows what to do now. The rest become things to talk about with the therapist, never a verdict.
 */
import {
  QUESTION_IDS,
  redFlags,
  SAFETY_QUESTIONS,
  SITUATION_QUESTIONS,
  talkingPoints,
  type QuestionId,
} from '../../../core/decision-aid/situation.js';
import { useAid } from '../context.js';
import { Choice } from '../parts/choice.js';

function Question(props: { id: QuestionId }) {
  const { guide, state, update, go } = useAid();
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
      onChange={(value) => {
        const answers = { ...state.answers, [props.id]: value };
        update((s) => ({ ...s, answers }));
        if (redFlags(answers).length > redFlags(state.answers).length) go('red-flag');
      }}
    />
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
      <p>{t('situation.intro')}</p>
      <section aria-labelledby="safety-heading">
        <h2 id="safety-heading">{t('situation.safetyHeading')}</h2>
        {SAFETY_QUESTIONS.map((id) => (
          <Question key={id} id={id} />
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
