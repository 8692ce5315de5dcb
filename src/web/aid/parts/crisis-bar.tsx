/** Crisis help on every screen: 988 by call or text, 911, and the SAMHSA National Helpline. */
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
          <a href={emergency.call}>{t('crisis.call911')}</a>
        </li>
        <li>
          <a href={helpline.call}>{t('crisis.helpline', { number: helpline.number })}</a>
        </li>
      </ul>
    </aside>
  );
}
