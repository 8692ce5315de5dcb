/** A week drawn as a grid of hours, with a program's sessions (or a person's free time) as blocks. */
import { DAYS, minutesOf, type WeeklyTime } from '../../../core/schedule/week.js';
import { useAid } from '../context.js';

const FIRST_HOUR = 7;
const LAST_HOUR = 22;

export function WeekGrid(props: { week: WeeklyTime; livesThere?: boolean; label: string }) {
  const { t } = useAid();
  const hours = Array.from({ length: LAST_HOUR - FIRST_HOUR }, (_, i) => FIRST_HOUR + i);
  const busy = (day: string, hour: number): boolean =>
    props.livesThere === true ||
    props.week.slots.some(
      (slot) => slot.day === day && minutesOf(slot.start) < (hour + 1) * 60 && minutesOf(slot.end) > hour * 60,
    );
  return (
    <figure class="week">
      <div class="week-grid" role="img" aria-label={props.label}>
        {DAYS.map((day) => (
          <div class="week-day" key={day}>
            <span class="week-day-name" aria-hidden="true">
              {t(`day.short.${day}`)}
            </span>
            {hours.map((hour) => (
              <span key={hour} class={busy(day, hour) ? 'week-hour busy' : 'week-hour'} />
            ))}
          </div>
        ))}
      </div>
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}
