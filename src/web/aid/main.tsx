/** Starts the decision aid: content for the person's language first, then the offline worker. */
import { render } from 'preact';
import '../styles.css';
import { App, initialLanguage } from './app.js';
import { loadContent } from './content.js';

const language = initialLanguage();
document.documentElement.lang = language;
const root = document.getElementById('app');
if (root) {
  loadContent(language)
    .then((content) => render(<App initial={content} language={language} />, root))
    .catch(() => {
      root.textContent = 'This guide could not load. For help now, call or text 988, or call 911 in an emergency.';
    });
}

if ('serviceWorker' in navigator && window.location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Offline use is a bonus: the guide works online without the worker.
    });
  });
}
