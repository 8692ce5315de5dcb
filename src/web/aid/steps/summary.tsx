/**
 * Step 8: my summary, dated, to bring to the therapist: what to tell the care team, the options and
 * my leaning, what matters, what my therapist suggested and my questions, my week, how sure I am with
 * what to do about each "no", and who else is involved. Shared through the phone's share sheet when
 * there is one, else copied as text; printable and downloadable as a PDF made on this device. All of
 * it works offline, and nothing is sent anywhere unless the person shares it.
 */
import { useState } from 'preact/hooks';
import { immediateDanger } from '../../../core/decision-aid/situation.js';
import { simplePdf } from '../../../core/pdf/simple-pdf.js';
import { useAid } from '../context.js';
import { CrisisButtons } from '../parts/crisis-bar.js';
import { summaryBlocks, summaryDate, summarySections, summaryText } from '../summary-document.js';

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

/** Sections whose text the person writes here, as a text box under the section's lines. */
const WRITTEN: Record<string, { key: 'myReasons' | 'myQuestions'; label: string; rows: number }> = {
  reasons: { key: 'myReasons', label: 'summary.reasonsLabel', rows: 4 },
  questions: { key: 'myQuestions', label: 'summary.myQuestionsLabel', rows: 3 },
};
/** Where to go to fill in an empty section. */
const FILL: Record<string, [string, string]> = {
  considering: ['options', 'summary.goOptions'],
  week: ['week', 'summary.goWeek'],
  sure: ['sure', 'summary.goSure'],
};

export function SummaryStep() {
  const aid = useAid();
  const { state, t, update, guide, language } = aid;
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const canShare = typeof navigator.share === 'function';
  const empty = t('summary.empty');

  const share = async () => {
    try {
      await navigator.share({ title: t('summary.title'), text: summaryText(aid) });
    } catch {
      // The person closed the share sheet, or the device refused: nothing to do.
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(summaryText(aid));
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <div class="summary">
      <h1 tabIndex={-1}>{t('summary.title')}</h1>
      <p class="summary-date">{t('summary.date', { date: summaryDate(language) })}</p>
      <p class="no-print">{t('summary.intro')}</p>

      {summarySections(aid).map((section) => {
        const written = WRITTEN[section.id];
        const fill = FILL[section.id];
        const isEmpty = section.lines.length === 1 && section.lines[0] === empty;
        return (
          <section
            key={section.id}
            aria-labelledby={`s-${section.id}`}
            class={section.id === 'care-team' ? 'care-team' : undefined}
          >
            <h2 id={`s-${section.id}`}>{section.heading}</h2>
            {/* Thoughts of ending one's life right now: 988 and 911 first here too, not only on the safety step. */}
            {section.id === 'care-team' && immediateDanger(state.answers) ? <CrisisButtons /> : null}
            {section.intro ? <p>{section.intro}</p> : null}
            {written && isEmpty ? null : section.list ? (
              <ul>
                {section.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : (
              section.lines.map((line) => (
                <p key={line}>
                  {line}{' '}
                  {isEmpty && fill ? (
                    <a class="no-print" href={`#/${fill[0]}`}>
                      {t(fill[1])}
                    </a>
                  ) : null}
                </p>
              ))
            )}
            {written ? (
              <label class="field no-print">
                <span>{t(written.label)}</span>
                <textarea
                  rows={written.rows}
                  maxLength={4000}
                  value={state[written.key]}
                  onInput={(event) => {
                    const value = event.currentTarget.value;
                    update((s) => ({ ...s, [written.key]: value }));
                  }}
                />
              </label>
            ) : null}
            {section.id === 'week' ? (
              <p class="no-print">
                <a href="#/programs">{t('summary.findPrograms')}</a>
              </p>
            ) : null}
          </section>
        );
      })}

      <section aria-labelledby="s-family">
        <h2 id="s-family">{guide.family.heading}</h2>
        <ul>
          {guide.family.points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
      </section>

      <div class="actions no-print">
        {canShare ? (
          <button type="button" class="button" onClick={() => void share()}>
            {t('summary.share')}
          </button>
        ) : null}
        <button type="button" class="button" onClick={() => void copy()}>
          {t('summary.copy')}
        </button>
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
      <p aria-live="polite" class="no-print">
        {copied === 'done' ? t('summary.copied') : copied === 'failed' ? t('summary.copyFailed') : ''}
      </p>
    </div>
  );
}
