/** Step 6: when I can go; kept for matching programs later. */
import { DAY_PART_IDS, DAYS, availabilityFromGrid } from '../../../core/schedule/week.js';
import { useAid } from '../context.js';
import { WeekGrid } from '../parts/week-grid.js';

export function WeekStep() {
  const { t, state, update } = useAid();
  const ticked = new Set(state.availability);
  const toggle = (cell: string, on: boolean): void =>
    update((s) => ({
      ...s,
      availability: on ? [...new Set([...s.availability, cell])] : s.availability.filter((c) => c !== cell),
    }));
  return (
    <>
      <h1 tabIndex={-1}>{t('week.title')}</h1>
      <p>{t('week.intro')}</p>
      <table class="availability">
        <caption>{t('week.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('week.day')}</th>
            {DAY_PART_IDS.map((part) => (
              <th scope="col" key={part}>
                {t(`week.part.${part}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DAYS.map((day) => (
            <tr key={day}>
              <th scope="row">
                <abbr title={t(`day.long.${day}`)}>{t(`week.dayShort.${day}`)}</abbr>
              </th>
              {DAY_PART_IDS.map((part) => {
                const cell = `${day}.${part}`;
                return (
                  <td key={part}>
                    {/* The whole cell is the target: 44 px or more, whatever the checkbox's size. */}
                    <label class="cell">
                      <input
                        type="checkbox"
                        aria-label={t('week.cell', { day: t(`day.long.${day}`), part: t(`week.part.${part}`) })}
                        checked={ticked.has(cell)}
                        onChange={(event) => toggle(cell, event.currentTarget.checked)}
                      />
                    </label>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="note">{t('week.hoursNote')}</p>
      <WeekGrid week={availabilityFromGrid(state.availability)} label={t('week.picture')} />
    </>
  );
}
