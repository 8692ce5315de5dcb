/**
 * Step 3: the options side by side, always in the same neutral order, benefits and downsides with
 * equal weight, a picture of a typical week, and nothing pre-selected.
 */
import { TYPICAL_WEEKS } from '../../../core/decision-aid/options.js';
import type { OptionContent } from '../../../core/decision-aid/content-schema.js';
import { useAid } from '../context.js';
import { SourceList, SourceRefs } from '../parts/sources.js';
import { WeekGrid } from '../parts/week-grid.js';

function OptionCard(props: { option: OptionContent }) {
  const { t, state, update } = useAid();
  const { option } = props;
  const typical = TYPICAL_WEEKS[option.id];
  const considering = state.considering.includes(option.id);
  const headingId = `option-${option.id}`;
  return (
    <article class="option" aria-labelledby={headingId}>
      <h2 id={headingId}>{option.name}</h2>
      <p>
        {option.summary} <SourceRefs ids={option.sources} />
      </p>
      <dl class="facts-grid">
        <dt>{t('options.hours')}</dt>
        <dd>{option.hoursPerWeek}</dd>
        <dt>{t('options.living')}</dt>
        <dd>{option.livingAtHome}</dd>
        <dt>{t('options.workFamily')}</dt>
        <dd>{option.workAndFamily}</dd>
        <dt>{t('options.week')}</dt>
        <dd>{option.typicalWeek}</dd>
        <dt>{t('options.suits')}</dt>
        <dd>{option.whoItSuits}</dd>
      </dl>
      <WeekGrid
        week={typical.week}
        livesThere={typical.livesThere}
        label={t(typical.livesThere ? 'options.weekPictureLivesThere' : 'options.weekPicture', { name: option.name })}
      />
      <div class="pros-cons">
        <section>
          <h3>{t('options.benefits')}</h3>
          <ul>
            {option.benefits.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
        <section>
          <h3>{t('options.downsides')}</h3>
          <ul>
            {option.downsides.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      </div>
      <section class="evidence">
        <h3>{t('learn.evidence')}</h3>
        <p>
          {option.evidence.text} <SourceRefs ids={option.evidence.sources} />
        </p>
      </section>
      <section>
        <h3>{t('options.ask')}</h3>
        <ul>
          {option.ask.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <label class="consider">
        <input
          type="checkbox"
          checked={considering}
          onChange={(event) => {
            const checked = event.currentTarget.checked;
            update((s) => ({
              ...s,
              considering: checked ? [...s.considering, option.id] : s.considering.filter((id) => id !== option.id),
            }));
          }}
        />
        <span>{t('options.considering', { name: option.name })}</span>
      </label>
    </article>
  );
}

export function OptionsStep() {
  const { guide, t } = useAid();
  return (
    <>
      <h1 tabIndex={-1}>{t('options.title')}</h1>
      <p>{t('options.intro')}</p>
      <div class="options">
        {guide.options.map((option) => (
          <OptionCard key={option.id} option={option} />
        ))}
      </div>
      <SourceList
        only={[...new Set(guide.options.flatMap((option) => [...option.sources, ...option.evidence.sources]))]}
      />
    </>
  );
}
