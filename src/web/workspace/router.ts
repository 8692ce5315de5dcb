/**
 * A tiny hash router: `#/clients/123` -> { name: 'client', params: { id: '123' } }. A screen with
 * unsaved work sets a leave guard: following a link, going back or closing the tab asks first.
 */
import { useEffect, useState } from 'preact/hooks';

const PATTERNS: Array<[string, RegExp]> = [
  ['sign-in', /^\/sign-in$/],
  ['set-password', /^\/set-password\/(?<code>[\w-]+)$/],
  ['users', /^\/users$/],
  ['clients', /^\/clients$/],
  ['new-assessment', /^\/clients\/(?<id>[\w-]+)\/assess$/],
  ['reassess', /^\/clients\/(?<id>[\w-]+)\/reassess\/(?<assessmentId>[\w-]+)$/],
  ['caseload', /^\/caseload$/],
  ['outcomes', /^\/outcomes$/],
  ['client', /^\/clients\/(?<id>[\w-]+)$/],
  ['revise-assessment', /^\/assessments\/(?<id>[\w-]+)\/revise$/],
  ['assessment', /^\/assessments\/(?<id>[\w-]+)$/],
  ['plan', /^\/plans\/(?<id>[\w-]+)$/],
  ['programs', /^\/programs$/],
  ['audit', /^\/audit$/],
  ['client-audit', /^\/audit\/clients\/(?<id>[\w-]+)$/],
];

export interface Route {
  name: string;
  params: Record<string, string>;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/clients';
  for (const [name, pattern] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return { name, params: { ...(match.groups ?? {}) } };
  }
  return { name: 'clients', params: {} };
}

/** What to ask before leaving the screen, while it has unsaved work; null when there is none. */
let leaveQuestion: string | null = null;

/** Whether to go on: yes when nothing would be lost, else the person's answer to the question. */
function mayLeave(): boolean {
  return leaveQuestion === null || window.confirm(leaveQuestion);
}

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (leaveQuestion === null) return;
  event.preventDefault();
  // Older browsers show the dialog only when a value is returned.
  event.returnValue = leaveQuestion;
}

/**
 * While `question` is not null, leaving the screen asks it: links within the workspace, back and
 * forward, and closing or reloading the tab (the browser’s own words there).
 */
export function useLeaveGuard(question: string | null): void {
  useEffect(() => {
    leaveQuestion = question;
    return () => {
      leaveQuestion = null;
    };
  }, [question]);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    let shown = window.location.href;
    const onChange = () => {
      if (window.location.href !== shown && !mayLeave()) {
        // Back or forward to leave unsaved work, and the person chose to stay: put the address back.
        window.history.pushState(null, '', shown);
        return;
      }
      shown = window.location.href;
      setRoute(parseRoute(window.location.hash));
    };
    // A link in the page asks before the address changes, so staying leaves the history as it was.
    const onClick = (event: MouseEvent) => {
      if (leaveQuestion === null || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      if (!link || link.getAttribute('href') === window.location.hash) return;
      if (mayLeave()) {
        leaveQuestion = null;
        return;
      }
      event.preventDefault();
    };
    window.addEventListener('hashchange', onChange);
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('hashchange', onChange);
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, []);
  return route;
}

/** Goes to a workspace address, asking first when the screen has unsaved work. */
export function navigate(path: string): void {
  if (window.location.hash === `#${path}`) return;
  if (!mayLeave()) return;
  leaveQuestion = null;
  window.location.hash = `#${path}`;
}
