/** Crisis help on every screen: 988 by call, text or chat, 911, and the SAMHSA National Helpline. */
import { CRISIS_RESOURCES } from '../../../core/decision-aid/crisis.js';
import { useAid } from '../context.js';

export function CrisisBar() {
  const { t } = useAid();
  const { lifeline, emergency, helpline } = CRISIS_RESOURCES;
  return (
    <aside class="crisis" aria-label={t('crisis.label')}>
      <p class="crisis-title">{t('crisis.title')}</p>
      <ul>
        <li>
          <a href={lifeline.call}>{t('crisis.call988')}</a>
        </li>
        <li>
          <a href={lifeline.text}>{t('crisis.text988')}</a>
        </li>
        <li>
          <a href={lifeline.chat} rel="noopener noreferrer" target="_blank">
            {t('crisis.chat988')}
          </a>
        </li>
        <li>
          <a href={emergency.call}>{t('crisis.call911')}</a>
        </li>
        <li>
          <a href={helpline.call}>{t('crisis.helpline', { number: helpline.number })}</a>
        </li>
      </ul>
    </aside>
  );
}

/** 988 by call, text and chat, and 911, as large buttons: what immediate danger puts first. */
export function CrisisButtons() {
  const { t } = useAid();
  const { lifeline, emergency } = CRISIS_RESOURCES;
  return (
    <p class="big-actions">
      <a class="button danger" href={lifeline.call}>
        {t('crisis.call988')}
      </a>
      <a class="button danger" href={lifeline.text}>
        {t('crisis.text988')}
      </a>
      <a class="button danger" href={lifeline.chat} rel="noopener noreferrer" target="_blank">
        {t('crisis.chat988')}
      </a>
      <a class="button danger" href={emergency.call}>
        {t('crisis.call911')}
      </a>
    </p>
  );
}
