/** What a screen shows while its data loads, or when loading failed. */
export function PageStatus(props: { error: string | null }) {
  return (
    <main id="main" aria-busy={props.error ? 'false' : 'true'}>
      {props.error ? (
        <>
          <p class="error" role="alert">
            {props.error}
          </p>
          <a href="#/clients">Back to clients</a>
        </>
      ) : (
        <p>Loading…</p>
      )}
    </main>
  );
}
