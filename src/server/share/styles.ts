/**
 * The one style sheet of the share pages, served as a file (`/share/assets/share.css`): the strict
 * Content-Security-Policy allows no inline style. Phone first, large text, high contrast.
 */
export const SHARE_CSS = `:root {
  color-scheme: light;
  --ink: #1a1a1a;
  --muted: #4a4a4a;
  --line: #c8c8c8;
  --accent: #0b5394;
  --crisis: #7a0000;
  --soft: #f3f6fa;
}
* { box-sizing: border-box; }
html { font-size: 112.5%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  line-height: 1.5;
  color: var(--ink);
  background: #ffffff;
}
a { color: var(--accent); }
a:focus, button:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
.crisis {
  background: var(--crisis);
  color: #ffffff;
  padding: 0.6rem 1rem;
  font-weight: 600;
}
.crisis p { margin: 0.2rem 0; }
.crisis a { color: #ffffff; font-weight: 700; margin-right: 0.8rem; }
.lang { padding: 0.5rem 1rem 0; text-align: right; }
main { max-width: 40rem; margin: 0 auto; padding: 0.5rem 1rem 2rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.8rem 0 0.4rem; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 0.4rem; border-top: 1px solid var(--line); padding-top: 1rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.2rem; }
.meta { color: var(--muted); margin: 0.2rem 0; }
ul, ol { padding-left: 1.4rem; }
li { margin: 0.25rem 0; }
.card { border: 1px solid var(--line); border-radius: 0.5rem; background: var(--soft); padding: 0.4rem 0.9rem 0.6rem; margin: 0.6rem 0; }
.card h3 { margin-top: 0.4rem; }
.card dl { margin: 0; }
.card dt { font-weight: 600; margin-top: 0.3rem; }
.card dd { margin: 0; }
.card dd.note { margin-top: 0.3rem; }
.card a { font-weight: 600; }
.notice {
  border: 2px solid var(--ink);
  background: var(--soft);
  padding: 0.8rem 1rem;
  margin: 1rem 0;
}
.notice h2 { border: 0; margin-top: 0; padding-top: 0; font-size: 1.05rem; }
.scope { background: var(--soft); padding: 0.8rem 1rem; }
.ack { margin: 2rem 0 1rem; padding: 1rem; border: 2px solid var(--accent); }
.ack button {
  font: inherit;
  font-weight: 700;
  width: 100%;
  min-height: 3rem;
  padding: 0.6rem 1rem;
  border: 0;
  border-radius: 0.4rem;
  background: var(--accent);
  color: #ffffff;
  cursor: pointer;
}
.ack .done { font-weight: 600; margin: 0; }
footer.clinic { max-width: 40rem; margin: 0 auto; padding: 0 1rem 2rem; }
footer.clinic p { margin: 0.2rem 0; }
@media print {
  .lang, .ack form { display: none; }
  .crisis { background: none; color: var(--ink); border: 2px solid var(--ink); }
  .crisis a { color: var(--ink); }
}
`;
