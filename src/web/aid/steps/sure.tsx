/** Step 7: the four SURE questions, scored; 3 or less suggests more support before deciding. */
import { SURE_ITEMS, scoreSure } from '../../../core/decision-aid/sure.js';
import { useAid } from '../context.js';
import { Choice } from '../parts/choice.js';

export function SureStep() {
  const { guide, t, state, update } = useAid();
  const score = scoreSure(state.sure);
  return (
    <>
      <h1 tabIndex={-1}>{t('sure.title')}</h1>
      <p>{guide.sure.intro}</p>
      {SURE_ITEMS.map((item) => (
        <Choice
          key={item}
          name={`sure-${item}`}
          legend={guide.sure.items[item]}
          options={[
            { value: 'yes', label: t('answer.yes') },
            { value: 'no', label: t('answer.no') },
          ]}
          value={state.sure[item] === undefined ? undefined : state.sure[item] ? 'yes' : 'no'}
          onChange={(value) => update((s) => ({ ...s, sure: { ...s.sure, [item]: value === 'yes' } }))}
        />
      ))}
      <div class="score" aria-live="polite">
        {score.complete ? (
          <>
            <p class="score-value">{t('sure.score', { score: score.score })}</p>
            <p>{score.needsSupport ? guide.sure.lowScore : guide.sure.highScore}</p>
          </>
        ) : (
          <p>{t('sure.answerAll', { left: 4 - score.answered })}</p>
        )}
      </div>
      <p class="note">{guide.sure.attribution}</p>
    </>
  );
}
