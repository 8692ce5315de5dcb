/**
 * The decision aid's shell: crisis bar, language switch, progress, the current step and the
 * back/next buttons. The step lives in the address (#/learn), the language in ?lang=, the answers
 * on the device; switching language keeps both the step and the answers.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LANGUAGES, type Language } from '../../core/decision-aid/ids.js';
import { type LoadedContent, loadContent, translate } from './content.js';
import { type Aid, AidContext } from './context.js';
import { CrisisBar } from './parts/crisis-bar.js';
import { forgetEverything, loadState, saveLanguage, saveState, savedLanguage, type AidState } from './state.js';
import { screenFromHash, STEPS, type Screen, type Step } from './steps.js';
import { AboutScreen } from './steps/about.js';
import { DecisionStep } from './steps/decision.js';
import { LearnStep } from './steps/learn.js';
import { OptionsStep } from './steps/options.js';
import { ProgramsScreen } from './steps/programs.js';
import { SituationStep } from './steps/situation.js';
import { SummaryStep } from './steps/summary.js';
import { SureStep } from './steps/sure.js';
import { ValuesStep } from './steps/values.js';
import { WeekStep } from './steps/week.js';

const SCREENS: Record<Screen, () => preact.JSX.Element> = {
  decision: DecisionStep,
  learn: LearnStep,
  options: OptionsStep,
  situation: SituationStep,
  values: ValuesStep,
  week: WeekStep,
  sure: SureStep,
  summary: SummaryStep,
  about: AboutScreen,
  programs: ProgramsScreen,
};

/** Where the quick exit goes: a plain public page with nothing to do with addiction. */
export const QUICK_EXIT_URL = 'https://www.weather.gov/';

/**
 * Leaves at once for a neutral page, replacing this page in the history, so Back does not return
 * to the guide's current screen.
 */
function quickExit(): void {
  window.location.replace(QUICK_EXIT_URL);
}

export function initialLanguage(): Language {
  const fromAddress = new URLSearchParams(window.location.search).get('lang');
  const wanted = fromAddress ?? savedLanguage() ?? (navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en');
  return (LANGUAGES as readonly string[]).includes(wanted) ? (wanted as Language) : 'en';
}

export function App(props: { initial: LoadedContent; language: Language }) {
  const [language, setLanguage] = useState<Language>(props.language);
  const [content, setContent] = useState<LoadedContent>(props.initial);
  const [state, setState] = useState<AidState>(loadState);
  const [screen, setScreen] = useState<Screen>(() => screenFromHash(window.location.hash));
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    // The first screen has an address too, so Back in the browser and bookmarks behave.
    if (!window.location.hash)
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/decision`);
    const onHash = () => setScreen(screenFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = translate(content.ui, 'app.documentTitle');
  }, [language, content]);

  // Move focus to the new screen's heading, so keyboard and screen-reader users start at the top.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
    window.scrollTo(0, 0);
  }, [screen]);

  const aid: Aid = useMemo(
    () => ({
      language,
      guide: content.guide,
      t: (key, values) => translate(content.ui, key, values),
      state,
      update: (change) =>
        setState((current) => {
          const next = change(current);
          saveState(next);
          return next;
        }),
      go: (step) => {
        window.location.hash = `#/${step}`;
      },
    }),
    [language, content, state],
  );

  const switchLanguage = async (next: Language) => {
    const loaded = await loadContent(next);
    saveLanguage(next);
    const url = new URL(window.location.href);
    url.searchParams.set('lang', next);
    window.history.replaceState(null, '', url);
    setContent(loaded);
    setLanguage(next);
  };

  const stepIndex = STEPS.indexOf(screen as Step);
  const inFlow = stepIndex >= 0;
  const Current = SCREENS[screen];
  const other: Language = language === 'en' ? 'es' : 'en';
  const t = aid.t;

  return (
    <AidContext.Provider value={aid}>
      {/* A button, not a link: #main would be read as a step address. */}
      <button type="button" class="skip" onClick={() => main.current?.querySelector<HTMLElement>('h1')?.focus()}>
        {t('app.skip')}
      </button>
      <CrisisBar />
      <header class="top">
        <a class="brand" href="#/decision">
          {t('app.name')}
        </a>
        <span class="top-actions">
          <button type="button" class="lang" lang={other} onClick={() => void switchLanguage(other)}>
            {t('app.otherLanguage')}
          </button>
          <button type="button" class="exit" onClick={quickExit}>
            {t('app.quickExit')}
          </button>
        </span>
      </header>
      <main id="main" ref={main}>
        {inFlow ? (
          <div class="progress no-print">
            <label for="progress">
              {t('app.progress', { step: stepIndex + 1, total: STEPS.length, name: t(`step.${screen}`) })}
            </label>
            <progress id="progress" max={STEPS.length} value={stepIndex + 1} />
          </div>
        ) : null}
        <Current />
        <section class="forget no-print" aria-labelledby="forget-heading">
          <h2 id="forget-heading">{t('forget.heading')}</h2>
          <p>{t('forget.body')}</p>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              if (window.confirm(t('forget.confirm'))) {
                forgetEverything();
                window.location.replace(`${window.location.pathname}#/decision`);
                window.location.reload();
              }
            }}
          >
            {t('forget.button')}
          </button>
        </section>
      </main>
      {inFlow ? (
        <nav class="step-nav no-print" aria-label={t('app.stepsNav')}>
          {stepIndex > 0 ? (
            <a class="button secondary" href={`#/${STEPS[stepIndex - 1]}`}>
              {t('app.back')}
            </a>
          ) : (
            <span />
          )}
          {stepIndex < STEPS.length - 1 ? (
            <a class="button" href={`#/${STEPS[stepIndex + 1]}`}>
              {t('app.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
      <footer class="bottom no-print">
        <nav aria-label={t('app.moreNav')}>
          <ul>
            {STEPS.map((step, index) => (
              <li key={step}>
                <a href={`#/${step}`} aria-current={step === screen ? 'step' : undefined}>
                  {index + 1}. {t(`step.${step}`)}
                </a>
              </li>
            ))}
            <li>
              <a href="#/programs" aria-current={screen === 'programs' ? 'page' : undefined}>
                {t('step.programs')}
              </a>
            </li>
            <li>
              <a href="#/about" aria-current={screen === 'about' ? 'page' : undefined}>
                {t('about.title')}
              </a>
            </li>
          </ul>
        </nav>
        <p>{t('app.privacyNote')}</p>
      </footer>
    </AidContext.Provider>
  );
}
