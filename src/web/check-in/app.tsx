/**
 * The check-in a client answers on their phone: the questions of each instrument the link asks,
 * English or Spanish, the crisis bar always on top, and crisis help shown at once beside any answer
 * to a safety question (PHQ-9 item 9 above 0, a reported overdose). Answers are kept on the phone
 * until the server has them; when the phone is offline at send time, they are sent as soon as it is
 * back online.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import english from '../../../content/en/check-in.json' with { type: 'json' };
import spanish from '../../../content/es/check-in.json' with { type: 'json' };
import type { CheckInFormResponse } from '../../core/api/measures.js';
import { CRISIS_RESOURCES } from '../../core/decision-aid/crisis.js';
import { telOf } from '../../core/plans/transition-words.js';
import { type Draft, loadDraft, saveDraft } from './store.js';

type Language = 'en' | 'es';
type Words = typeof english;
const WORDS: Record<Language, Words> = { en: english, es: spanish };

/** What GET /api/v1/check-in/<code> answers. */
type CheckInForm = CheckInFormResponse;
type Item = CheckInForm['instruments'][number]['items'][number];
type Phase = 'loading' | 'load-failed' | 'gone' | 'ready' | 'sending' | 'offline' | 'sent';

const RETRY_MS = 5_000;

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? '');
}

function formKey(code: string): string {
  return `stepdown-check-in-form:${code}`;
}

function cachedForm(code: string): CheckInForm | null {
  try {
    const raw = localStorage.getItem(formKey(code));
    return raw ? (JSON.parse(raw) as CheckInForm) : null;
  } catch {
    return null;
  }
}

function optionsOf(item: Item, words: Words, language: Language): Array<{ value: number; label: string }> {
  if (item.kind === 'choice') return item.choices.map((c) => ({ value: c.value, label: c.label[language] }));
  const values = Array.from({ length: item.max - item.min + 1 }, (_, i) => item.min + i);
  // 0 to 7 are days of the last week; other ranges (0 to 10 rulers) are plain numbers.
  return values.map((value) => ({
    value,
    label: item.max === 7 ? fill(words.days, { n: String(value) }) : String(value),
  }));
}

function CrisisBar({ words }: { words: Words }) {
  const { lifeline, emergency } = CRISIS_RESOURCES;
  return (
    <aside class="crisis" aria-label={words.crisisLabel}>
      <p class="crisis-title">{words.crisisTitle}</p>
      <ul>
        <li>
          <a href={lifeline.call}>{words.call988}</a>
        </li>
        <li>
          <a href={lifeline.text}>{words.text988}</a>
        </li>
        <li>
          <a href={lifeline.chat} rel="noopener noreferrer" target="_blank">
            {words.chat988}
          </a>
        </li>
        <li>
          <a href={emergency.call}>{words.call911}</a>
        </li>
      </ul>
    </aside>
  );
}

function SafetyHelp({ words, clinic }: { words: Words; clinic: CheckInForm['clinic'] }) {
  // The clinic's number is a link in the middle of the sentence.
  const [beforePhone = '', afterPhone = ''] = words.safetyClinic.split('{phone}');
  return (
    <div class="safety-help" role="alert">
      <p class="safety-title">{words.safetyTitle}</p>
      <p>{words.safetyText}</p>
      <p>
        <a class="safety-call" href={CRISIS_RESOURCES.lifeline.call}>
          {words.call988}
        </a>{' '}
        <a class="safety-call" href={CRISIS_RESOURCES.lifeline.text}>
          {words.text988}
        </a>
      </p>
      {clinic.phone ? (
        <p>
          {fill(beforePhone, { clinic: clinic.name })}
          <a href={telOf(clinic.phone)}>{clinic.phone}</a>
          {afterPhone}
        </p>
      ) : null}
      <p>{words.safetyEmergency}</p>
    </div>
  );
}

export function CheckInApp({ code }: { code: string }) {
  const [draft, setDraft] = useState<Draft>(() => loadDraft(code));
  const [form, setForm] = useState<CheckInForm | null>(() => cachedForm(code));
  const [phase, setPhase] = useState<Phase>(() => (loadDraft(code).sent ? 'sent' : 'loading'));
  const [language, setLanguage] = useState<Language>('en');
  const [missing, setMissing] = useState<string[]>([]);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const words = WORDS[language];

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = words.title;
  }, [language, words.title]);

  useEffect(() => {
    if (phase !== 'loading') return;
    let cancelled = false;
    void (async () => {
      try {
        const response = await fetch(`/api/v1/check-in/${encodeURIComponent(code)}`);
        if (cancelled) return;
        if (response.status === 404 || response.status === 400) {
          setPhase('gone');
          return;
        }
        if (!response.ok) throw new Error(`status ${response.status}`);
        const loaded = (await response.json()) as CheckInForm;
        if (cancelled) return;
        try {
          localStorage.setItem(formKey(code), JSON.stringify(loaded));
        } catch {
          // Kept in memory only.
        }
        setForm(loaded);
        setLanguage(draft.language ?? loaded.language);
        setPhase('ready');
      } catch {
        if (cancelled) return;
        // Offline on opening: what was opened before is still here.
        if (form) {
          setLanguage(draft.language ?? form.language);
          setPhase('ready');
        } else {
          setPhase('load-failed');
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [phase, code, draft.language, form]);

  function update(next: Draft): void {
    setDraft(next);
    saveDraft(code, next);
  }

  function answer(instrumentId: string, linkId: string, value: number): void {
    const forInstrument = { ...(draft.answers[instrumentId] ?? {}), [linkId]: value };
    update({ ...draft, answers: { ...draft.answers, [instrumentId]: forInstrument } });
    setMissing([]);
  }

  function switchLanguage(): void {
    const next = language === 'en' ? 'es' : 'en';
    setLanguage(next);
    update({ ...draft, language: next });
  }

  async function send(current: Draft): Promise<void> {
    if (!form) return;
    const answers = Object.fromEntries(
      form.instruments.map((instrument) => [
        instrument.id,
        instrument.items.map((item) => current.answers[instrument.id]?.[item.linkId] ?? null),
      ]),
    );
    setPhase('sending');
    let response: Response;
    try {
      response = await fetch(`/api/v1/check-in/${encodeURIComponent(code)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ submissionId: current.submissionId, takenAt: current.takenAt, answers }),
      });
    } catch {
      setPhase('offline');
      return;
    }
    if (response.ok) {
      update({ ...current, sent: true });
      setPhase('sent');
    } else if (response.status === 404) {
      setPhase('gone');
    } else {
      setPhase('load-failed');
    }
  }

  // While offline with answers to send: send again when the phone is back online, and every few seconds.
  useEffect(() => {
    if (phase !== 'offline') return;
    const retry = () => void send(draft);
    window.addEventListener('online', retry);
    const timer = window.setInterval(() => {
      if (navigator.onLine) retry();
    }, RETRY_MS);
    return () => {
      window.removeEventListener('online', retry);
      window.clearInterval(timer);
    };
  });

  useEffect(() => {
    if (phase === 'offline' || phase === 'sent' || missing.length > 0) statusRef.current?.focus();
  }, [phase, missing]);

  function onSubmit(event: Event): void {
    event.preventDefault();
    if (!form) return;
    const left: Array<{ id: string; label: string }> = [];
    for (const instrument of form.instruments) {
      for (const item of instrument.items) {
        if (item.required && draft.answers[instrument.id]?.[item.linkId] === undefined) {
          left.push({ id: `${instrument.id}-${item.linkId}`, label: `${instrument.title[language]}: ${item.number}` });
        }
      }
    }
    if (left.length > 0) {
      setMissing(left.map((entry) => entry.label));
      return;
    }
    const ready = { ...draft, takenAt: draft.takenAt ?? new Date().toISOString() };
    update(ready);
    void send(ready);
  }

  const header = (
    <header class="check-in-header">
      <p class="clinic">{form?.clinic.name ?? ''}</p>
      <button type="button" class="language" lang={language === 'en' ? 'es' : 'en'} onClick={switchLanguage}>
        {words.switchLanguage}
      </button>
    </header>
  );

  if (phase === 'loading' || phase === 'load-failed' || phase === 'gone' || phase === 'sent' || !form) {
    const message =
      phase === 'sent'
        ? words.sent
        : phase === 'gone'
          ? words.gone
          : phase === 'load-failed'
            ? words.loadFailed
            : words.loading;
    return (
      <>
        <CrisisBar words={words} />
        {header}
        <main>
          <h1>{words.title}</h1>
          <p class={`status status-${phase}`} role="status" tabIndex={-1} ref={statusRef}>
            {message}
          </p>
        </main>
      </>
    );
  }

  return (
    <>
      <CrisisBar words={words} />
      {header}
      <main>
        <h1>{words.title}</h1>
        <p>{words.intro}</p>
        <p class="saved-here">{words.savedHere}</p>
        <form onSubmit={onSubmit} noValidate>
          {form.instruments.map((instrument) => (
            <section key={instrument.id} class="instrument" aria-labelledby={`title-${instrument.id}`}>
              <h2 id={`title-${instrument.id}`}>{instrument.title[language]}</h2>
              {instrument.lead ? <p class="lead">{instrument.lead[language]}</p> : null}
              {instrument.items.map((item) => {
                const value = draft.answers[instrument.id]?.[item.linkId];
                const name = `${instrument.id}-${item.linkId}`;
                const showHelp = item.safety && value !== undefined && value >= (item.safetyMin ?? 1);
                return (
                  <div key={item.linkId} class="item">
                    <fieldset id={name}>
                      <legend>
                        <span class="number">{fill(words.question, { n: String(item.number) })}. </span>
                        {item.text[language]}
                      </legend>
                      <div class={item.kind === 'choice' ? 'choices' : 'choices numbers'}>
                        {optionsOf(item, words, language).map((option) => (
                          <label key={option.value} class={value === option.value ? 'chosen' : ''}>
                            <input
                              type="radio"
                              name={name}
                              value={String(option.value)}
                              checked={value === option.value}
                              onChange={() => answer(instrument.id, item.linkId, option.value)}
                            />
                            <span>{option.label}</span>
                          </label>
                        ))}
                      </div>
                    </fieldset>
                    {showHelp ? <SafetyHelp words={words} clinic={form.clinic} /> : null}
                  </div>
                );
              })}
            </section>
          ))}
          <p
            class={`status status-${phase}${missing.length > 0 ? ' status-missing' : ''}`}
            role="status"
            tabIndex={-1}
            ref={statusRef}
          >
            {missing.length > 0
              ? fill(words.missing, { list: missing.join(', ') })
              : phase === 'offline'
                ? words.offline
                : phase === 'sending'
                  ? words.sending
                  : ''}
          </p>
          <button type="submit" class="send" disabled={phase === 'sending'}>
            {words.send}
          </button>
        </form>
      </main>
    </>
  );
}
