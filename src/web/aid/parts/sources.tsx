/** Numbered source references, and the list they point to, for every factual item. */
import { useAid } from '../context.js';

/** Source numbers for an item; the numbers index the page's source list. */
export function SourceRefs(props: { ids: string[] }) {
  const { guide, t } = useAid();
  const keys = Object.keys(guide.sources);
  const numbers = props.ids.map((id) => keys.indexOf(id) + 1);
  return (
    <sup class="refs" title={props.ids.map((id) => guide.sources[id]?.citation).join('; ')}>
      <span class="visually-hidden">{t('sources.refs')} </span>[{numbers.join(', ')}]
    </sup>
  );
}

/** The sources, numbered as SourceRefs numbers them; `only` limits the list to some ids. */
export function SourceList(props: { only?: string[] }) {
  const { guide, t } = useAid();
  const keys = Object.keys(guide.sources);
  const shown = props.only ? keys.filter((id) => props.only?.includes(id)) : keys;
  return (
    <section class="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">{t('sources.heading')}</h2>
      <ul>
        {shown.map((id) => {
          const source = guide.sources[id];
          if (!source) return null;
          return (
            <li key={id}>
              [{keys.indexOf(id) + 1}] {source.citation}
              {source.url ? <span class="url"> {source.url}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function AllSources() {
  const { guide } = useAid();
  return (
    <ol class="sources">
      {Object.entries(guide.sources).map(([id, source]) => (
        <li key={id} id={`source-${id}`}>
          {source.citation}
          {source.url ? (
            <>
              {' '}
              <span class="url">{source.url}</span>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
