/** A tiny hash router: `#/clients/123` -> { name: 'client', params: { id: '123' } }. */
import { useEffect, useState } from 'preact/hooks';

const PATTERNS: Array<[string, RegExp]> = [
  ['sign-in', /^\/sign-in$/],
  ['clients', /^\/clients$/],
  ['new-assessment', /^\/clients\/(?<id>[\w-]+)\/assess$/],
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

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(path: string): void {
  window.location.hash = `#${path}`;
}
