/**
 * Step 3: the options, always in the same neutral order with nothing pre-selected. First a compact
 * comparison that fits a phone: one row per question, one column per option, two options at a time
 * that the person picks. Then each option in short (what it is, and "I am thinking about it"), with
 * its full description, benefits and downsides of equal weight, a typical week, what studies show
 * and questions to ask, one tap away.
 */
import { useState } from 'preact/hooks';
import type { OptionContent } from '../../../core/decision-aid/content-schema.js';
import { OPTION_IDS, type OptionId } from '../../../core/decision-aid/ids.js';
import { TYPICAL_WEEKS } from '../../../core/decision-aid/options.js';
import { useAid } from '../context.js';
import { SourceList, SourceRefs } from '../parts/sources.js';
import { WeekGrid } from '../parts/week-grid.js';

const ROWS = ['hoursPerWeek', 'livingAtHome', 'workAndFamily', 'whoItSuits'] as const;
const ROW_LABELS: Record<(typeof ROWS)[number], string> = {
  hoursPerWeek: 'options.hours',
  livingAtHome: 'options.living',
  workAndFamily: 'options.workFamily',
  whoItSuits: 'options.suits',
};

function Compare() {
  const { guide, t, state } = useAid();
  const firstTwo = [...state.considering, ...OPTION_IDS.filter((id) => !state.considering.includes(id))];
  const [picked, setPicked] = useState<[OptionId, OptionId]>([firstTwo[0] ?? 'iop', firstTwo[1] ?? 'php']);
  const shown = picked.map((id) => guide.options.find((option) => option.id === id)) as [
    OptionContent | undefined,
    OptionContent | undefined,
  ];
  return (
    <section class="compare" aria-labelledby="compare-heading">
      <h2 id="compare-heading">{t('options.compare')}</h2>
      <div class="compare-pick">
        {([0, 1] as const).map((column) => (
          <label key={column} class="field">
            <span>{t(column === 0 ? 'options.compareFirst' : 'options.compareSecond')}</span>
            <select
              value={picked[column]}
              onChange={(event) => {
                const value = event.currentTarget.value as OptionId;
                setPicked((current) => (column === 0 ? [value, current[1]] : [current[0], value]));
              }}
            >
              {guide.options.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <table class="compare-table">
        <caption class="visually-hidden">{t('options.compare')}</caption>
        <thead>
          <tr>
            {shown.map((option, index) => (
              <th key={option?.id ?? index} scope="col">
                {option?.name}
              </th>
            ))}
          </tr>
        </thead>
        {/* One question per group: its label across the phone, then the two options side by side. */}
        {[...ROWS.map((row) => [t(ROW_LABELS[row]), row] as const), [t('learn.evidence'), 'evidence'] as const].map(
          ([label, row]) => (
            <tbody key={row}>
              <tr>
                <th colSpan={2} scope="rowgroup">
                  {label}
                </th>
              </tr>
              <tr>
                {shown.map((option, index) => (
                  <td key={option?.id ?? index}>{row === 'evidence' ? option?.evidence.text : option?.[row]}</td>
                ))}
              </tr>
            </tbody>
          ),
        )}
      </table>
    </section>
  );
}

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
      <details>
        <summary>{t('options.more')}</summary>
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
          label={t(typical.livesThere ? 'options.weekPictureLivesThere' : 'options.weekPicture', {
            name: option.name,
          })}
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
      </details>
    </article>
  );
}

export function OptionsStep() {
  const { guide, t } = useAid();
  return (
    <>
      <h1 tabIndex={-1}>{t('options.title')}</h1>
      <p>{t('options.intro')}</p>
      <Compare />
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
