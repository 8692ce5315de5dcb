/** Step 1: the decision, and the options that exist. */
import { useAid } from '../context.js';

export function DecisionStep() {
  const { guide, t } = useAid();
  return (
    <>
      <h1 tabIndex={-1}>{guide.decision.title}</h1>
      {guide.decision.paragraphs.map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
      <h2>{t('decision.optionsHeading')}</h2>
      <ul class="option-names">
        {guide.options.map((option) => (
          <li key={option.id}>
            <strong>{option.name}</strong>: {option.summary}
          </li>
        ))}
      </ul>
      <p class="note">{guide.meta.notAdvice}</p>
    </>
  );
}
