/**
 * Step 8: my summary, printable and downloadable as a PDF made on this device. Nothing is sent
 * anywhere; the person chooses whether to print it, save it, or show it to someone.
 */
import { safetyNotes, talkingPoints } from '../../../core/decision-aid/situation.js';
import { scoreSure } from '../../../core/decision-aid/sure.js';
import { simplePdf } from '../../../core/pdf/simple-pdf.js';
import { useAid } from '../context.js';
import { forgetEverything } from '../state.js';
import { availabilityLines, summaryBlocks } from '../summary-document.js';

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function SummaryStep() {
  const aid = useAid();
  const { guide, state, t, update } = aid;
  const considering = guide.options.filter((option) => state.considering.includes(option.id));
  const points = talkingPoints(state.answers);
  const sure = scoreSure(state.sure);
  const slots = availabilityLines(aid);
  const notes = safetyNotes(state.answers);
  return (
    <div class="summary">
      <h1 tabIndex={-1}>{t('summary.title')}</h1>
      <p class="no-print">{t('summary.intro')}</p>

      {notes.length > 0 ? (
        <section aria-labelledby="s-care-team" class="care-team">
          <h2 id="s-care-team">{guide.safety.careTeamHeading}</h2>
          <p>{guide.safety.careTeamIntro}</p>
          <ul>
            {notes.map((note) => (
              <li key={note}>{guide.safety.notes[note]?.tellCareTeam}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="s-considering">
        <h2 id="s-considering">{t('summary.considering')}</h2>
        {considering.length === 0 ? (
          <p>
            {t('summary.noneConsidering')} <a href="#/options">{t('summary.goOptions')}</a>
          </p>
        ) : (
          <ul>
            {considering.map((option) => (
              <li key={option.id}>
                <strong>{option.name}</strong>: {option.summary}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="s-reasons">
        <h2 id="s-reasons">{t('summary.reasons')}</h2>
        <label class="field">
          <span>{t('summary.reasonsLabel')}</span>
          <textarea
            rows={4}
            maxLength={4000}
            value={state.myReasons}
            onInput={(event) => {
              const value = event.currentTarget.value;
              update((s) => ({ ...s, myReasons: value }));
            }}
          />
        </label>
      </section>

      <section aria-labelledby="s-questions">
        <h2 id="s-questions">{t('summary.questions')}</h2>
        {points.length === 0 ? <p>{t('summary.noPoints')}</p> : null}
        <ul>
          {points.flatMap((group) =>
            group.points.map((point) => <li key={point}>{guide.talkingPoints[group.group]?.points[point]}</li>),
          )}
          {state.therapistReason.trim() ? (
            <li>
              {t('situation.therapistWhy')} {state.therapistReason}
            </li>
          ) : null}
        </ul>
        <label class="field">
          <span>{t('summary.myQuestionsLabel')}</span>
          <textarea
            rows={3}
            maxLength={4000}
            value={state.myQuestions}
            onInput={(event) => {
              const value = event.currentTarget.value;
              update((s) => ({ ...s, myQuestions: value }));
            }}
          />
        </label>
      </section>

      <section aria-labelledby="s-family">
        <h2 id="s-family">{guide.family.heading}</h2>
        <ul>
          {guide.family.points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="s-week">
        <h2 id="s-week">{t('summary.availability')}</h2>
        {slots.length === 0 ? (
          <p>
            {t('summary.empty')} <a href="#/week">{t('summary.goWeek')}</a>
          </p>
        ) : (
          <ul>
            {slots.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
        <p class="no-print">
          <a href="#/programs">{t('summary.findPrograms')}</a>
        </p>
      </section>

      <section aria-labelledby="s-sure">
        <h2 id="s-sure">{t('summary.sure')}</h2>
        {sure.complete ? (
          <p>
            {t('sure.score', { score: sure.score })} {sure.needsSupport ? guide.sure.lowScore : guide.sure.highScore}
          </p>
        ) : (
          <p>
            {t('summary.empty')} <a href="#/sure">{t('summary.goSure')}</a>
          </p>
        )}
      </section>

      <div class="actions no-print">
        <button type="button" class="button" onClick={() => window.print()}>
          {t('summary.print')}
        </button>
        <button
          type="button"
          class="button"
          onClick={() =>
            download(
              simplePdf(summaryBlocks(aid), { title: t('summary.title'), footer: 'Stepdown' }),
              t('summary.fileName'),
            )
          }
        >
          {t('summary.pdf')}
        </button>
      </div>

      <section class="forget no-print" aria-labelledby="s-forget">
        <h2 id="s-forget">{t('forget.heading')}</h2>
        <p>{t('forget.body')}</p>
        <button
          type="button"
          class="button secondary"
          onClick={() => {
            if (window.confirm(t('forget.confirm'))) {
              forgetEverything();
              window.location.hash = '#/decision';
              window.location.reload();
            }
          }}
        >
          {t('forget.button')}
        </button>
      </section>
    </div>
  );
}
