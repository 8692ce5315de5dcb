/** Step 5: what matters to me, shown against the options in neutral words (no scores, no ranking). */
import { VALUE_IDS, type ValueId } from '../../../core/decision-aid/ids.js';
import { useAid } from '../context.js';
import { Choice } from '../parts/choice.js';
import type { Importance } from '../state.js';

const LEVELS: Importance[] = ['not', 'somewhat', 'very'];

export function ValuesStep() {
  const { guide, t, state, update } = useAid();
  const important = VALUE_IDS.filter((id) => state.values[id] === 'somewhat' || state.values[id] === 'very');
  return (
    <>
      <h1 tabIndex={-1}>{t('values.title')}</h1>
      <p>{t('values.intro')}</p>
      {VALUE_IDS.map((id: ValueId) => {
        const words = guide.values[id];
        if (!words) return null;
        return (
          <Choice
            key={id}
            name={`value-${id}`}
            legend={words.label}
            help={words.description}
            options={LEVELS.map((level) => ({ value: level, label: t(`values.level.${level}`) }))}
            value={state.values[id]}
            onChange={(level) => update((s) => ({ ...s, values: { ...s.values, [id]: level } }))}
          />
        );
      })}
      <section aria-labelledby="values-table-heading">
        <h2 id="values-table-heading">{t('values.tableHeading')}</h2>
        {important.length === 0 ? (
          <p class="note">{t('values.pickSome')}</p>
        ) : (
          important.map((id) => (
            <section key={id} class="value-against">
              <h3>
                {guide.values[id]?.label} <span class="tag">{t(`values.level.${state.values[id] ?? 'not'}`)}</span>
              </h3>
              <dl>
                {guide.options.map((option) => (
                  <div key={option.id} class="value-row">
                    <dt>{option.name}</dt>
                    <dd>{option.values[id]}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))
        )}
      </section>
    </>
  );
}
