/** The stop screen: a red-flag answer means get help now, before any decision about programs. */
import { CRISIS_RESOURCES } from '../../../core/decision-aid/crisis.js';
import { redFlags } from '../../../core/decision-aid/situation.js';
import { useAid } from '../context.js';

export function RedFlagScreen() {
  const { guide, state, t, go } = useAid();
  const flags = redFlags(state.answers);
  return (
    <div class="red-flag">
      <h1 tabIndex={-1}>{guide.redFlags.title}</h1>
      <p>{guide.redFlags.intro}</p>
      {flags.length > 0 ? (
        <ul>
          {flags.map((flag) => (
            <li key={flag}>{guide.redFlags.reasons[flag]}</li>
          ))}
        </ul>
      ) : null}
      <h2>{t('redFlag.whatToDo')}</h2>
      <ol>
        {guide.redFlags.whatToDo.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p class="big-actions">
        <a class="button danger" href={CRISIS_RESOURCES.lifeline.call}>
          {t('crisis.call988')}
        </a>
        <a class="button danger" href={CRISIS_RESOURCES.lifeline.text}>
          {t('crisis.text988')}
        </a>
        <a class="button danger" href={CRISIS_RESOURCES.emergency.call}>
          {t('crisis.call911')}
        </a>
      </p>
      <p>
        <button type="button" class="button secondary" onClick={() => go('situation')}>
          {guide.redFlags.back}
        </button>
      </p>
    </div>
  );
}
