/**
 * Step 7: how sure am I. Which option I lean toward now, who else is part of the choice and whether
 * anyone pushes me (Ottawa Decision Guide), then the four SURE questions, scored; each "no" comes
 * with something to do next. 3 or less suggests more support before deciding.
 */
import { OPTION_IDS } from '../../../core/decision-aid/ids.js';
import { SURE_ITEMS, scoreSure } from '../../../core/decision-aid/sure.js';
import { useAid } from '../context.js';
import { Choice } from '../parts/choice.js';

const PRESSURE = ['no', 'some', 'yes'] as const;

export function SureStep() {
  const { guide, t, state, update } = useAid();
  const score = scoreSure(state.sure);
  const noItems = SURE_ITEMS.filter((item) => state.sure[item] === false);
  return (
    <>
      <h1 tabIndex={-1}>{t('sure.title')}</h1>
      <Choice
        name="leaning"
        legend={t('sure.leaning')}
        options={[
          ...OPTION_IDS.map((id) => ({ value: id, label: guide.options.find((o) => o.id === id)?.name ?? id })),
          { value: 'unsure', label: t('sure.leaning.unsure') },
        ]}
        value={state.leaning === '' ? undefined : state.leaning}
        onChange={(value) => update((s) => ({ ...s, leaning: value }))}
      />
      <section aria-labelledby="others-heading">
        <h2 id="others-heading">{t('sure.othersHeading')}</h2>
        <label class="field">
          <span>{t('sure.others')}</span>
          <textarea
            rows={2}
            maxLength={1000}
            value={state.others}
            onInput={(event) => {
              const value = event.currentTarget.value;
              update((s) => ({ ...s, others: value }));
            }}
          />
        </label>
        <Choice
          name="pressure"
          legend={t('sure.pressure')}
          options={PRESSURE.map((value) => ({ value, label: t(`sure.pressure.${value}`) }))}
          value={state.pressure === '' ? undefined : state.pressure}
          onChange={(value) => update((s) => ({ ...s, pressure: value }))}
        >
          <div aria-live="polite">
            {state.pressure === 'some' || state.pressure === 'yes' ? (
              <p class="safety-help">{guide.sure.pressureHelp}</p>
            ) : null}
          </div>
        </Choice>
      </section>
      <h2>{t('step.sure')}</h2>
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
        {noItems.length > 0 ? (
          <>
            <h2>{t('sure.nextHeading')}</h2>
            <ul>
              {noItems.map((item) => (
                <li key={item}>{guide.sure.nextSteps[item]}</li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <p class="note citation">{guide.sure.attribution}</p>
    </>
  );
}
