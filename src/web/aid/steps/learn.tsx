/** Step 2: what an IOP is and what happens there, each fact with its sources. */
import { FACT_TOPICS } from '../../../core/decision-aid/ids.js';
import { useAid } from '../context.js';
import { SourceList, SourceRefs } from '../parts/sources.js';

export function LearnStep() {
  const { guide, t } = useAid();
  const cited = [...new Set(guide.facts.flatMap((fact) => fact.sources))];
  return (
    <>
      <h1 tabIndex={-1}>{t('learn.title')}</h1>
      {FACT_TOPICS.map((topic) => {
        const facts = guide.facts.filter((fact) => fact.topic === topic);
        if (facts.length === 0) return null;
        return (
          <section key={topic} aria-labelledby={`topic-${topic}`}>
            <h2 id={`topic-${topic}`}>{t(`learn.topic.${topic}`)}</h2>
            <ul class="facts">
              {facts.map((fact) => (
                <li key={fact.id}>
                  {fact.text} <SourceRefs ids={fact.sources} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <SourceList only={cited} />
    </>
  );
}
