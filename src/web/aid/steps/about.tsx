/** About this guide: who made it, funding, conflicts, evidence and limits, review, sources. */
import { CRISIS_LAST_VERIFIED, CRISIS_SOURCES } from '../../../core/decision-aid/crisis.js';
import { useAid } from '../context.js';
import { AllSources } from '../parts/sources.js';

export function AboutScreen() {
  const { guide, t } = useAid();
  const { meta } = guide;
  return (
    <>
      <h1 tabIndex={-1}>{t('about.title')}</h1>
      <dl class="about">
        <dt>{t('about.madeBy')}</dt>
        <dd>{meta.madeBy}</dd>
        <dt>{t('about.credentials')}</dt>
        <dd>{meta.credentials}</dd>
        <dt>{t('about.funding')}</dt>
        <dd>{meta.funding}</dd>
        <dt>{t('about.conflicts')}</dt>
        <dd>{meta.conflictsOfInterest}</dd>
        <dt>{t('about.evidence')}</dt>
        <dd>{meta.evidenceAndLimits}</dd>
        <dt>{t('about.review')}</dt>
        <dd>{meta.howReviewed}</dd>
        <dt>{t('about.readingLevel')}</dt>
        <dd>{meta.readingLevel.replace('{grade}', String(meta.readingScore))}</dd>
        <dt>{t('about.dates')}</dt>
        <dd>
          {t('about.datesValue', { published: meta.published, reviewed: meta.lastReviewed, version: meta.version })}
        </dd>
        <dt>{t('about.updates')}</dt>
        <dd>{meta.updatePolicy}</dd>
        <dt>{t('about.privacy')}</dt>
        <dd>{t('about.privacyValue')}</dd>
        <dt>{t('about.crisis')}</dt>
        <dd>{t('about.crisisValue', { date: CRISIS_LAST_VERIFIED })}</dd>
      </dl>
      <p>{meta.notAdvice}</p>
      <h2>{t('sources.heading')}</h2>
      <AllSources />
      <ul class="sources">
        {CRISIS_SOURCES.map((source) => (
          <li key={source}>{source}</li>
        ))}
      </ul>
    </>
  );
}
