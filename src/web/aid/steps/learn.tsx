/**
 * Step 2: learn about care after rehab. One section of the same depth for each option (what it is,
 * who it may suit, what happens, and what studies show), then medicine for addiction, overdose
 * safety, kinds of therapy and the limits of the studies; each fact with its sources.
 */
import { FACT_TOPICS, OPTION_IDS } from '../../../core/decision-aid/ids.js';
import { useAid } from '../context.js';
import { SourceList, SourceRefs } from '../parts/sources.js';

export function LearnStep() {
  const { guide, t } = useAid();
  const cited = [
    ...new Set([
      ...guide.facts.flatMap((fact) => fact.sources),
      ...guide.options.flatMap((option) => option.evidence.sources),
    ]),
  ];
  return (
    <>
      <h1 tabIndex={-1}>{t('learn.title')}</h1>
      <p>{t('learn.intro')}</p>
      <nav aria-label={t('learn.contents')} class="contents">
        <ul>
          {FACT_TOPICS.map((topic) => (
            <li key={topic}>
              <button
                type="button"
                class="linklike"
                onClick={() => document.getElementById(`topic-${topic}`)?.scrollIntoView()}
              >
                {guide.options.find((option) => option.id === topic)?.name ?? t(`learn.topic.${topic}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {FACT_TOPICS.map((topic) => {
        const facts = guide.facts.filter((fact) => fact.topic === topic);
        const option = (OPTION_IDS as readonly string[]).includes(topic)
          ? guide.options.find((candidate) => candidate.id === topic)
          : undefined;
        if (facts.length === 0 && !option) return null;
        return (
          <section key={topic} aria-labelledby={`topic-${topic}`}>
            <h2 id={`topic-${topic}`}>{option?.name ?? t(`learn.topic.${topic}`)}</h2>
            <ul class="facts">
              {facts.map((fact) => (
                <li key={fact.id}>
                  {fact.text} <SourceRefs ids={fact.sources} />
                </li>
              ))}
            </ul>
            {topic === 'medication' && guide.sources['decisions-in-recovery']?.url ? (
              <p>
                <a href={guide.sources['decisions-in-recovery'].url} rel="noopener noreferrer" target="_blank">
                  {t('learn.decisionsLink')}
                </a>
              </p>
            ) : null}
            {option ? (
              <div class="evidence">
                <h3>{t('learn.evidence')}</h3>
                <p>
                  {option.evidence.text} <SourceRefs ids={option.evidence.sources} />
                </p>
              </div>
            ) : null}
          </section>
        );
      })}
      <SourceList only={cited} />
    </>
  );
}
