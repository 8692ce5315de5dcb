/** What every screen of the aid reads: the content, the answers, and how to change them. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ContentBundle } from '../../core/decision-aid/content-schema.js';
import type { Language } from '../../core/decision-aid/ids.js';
import type { AidState } from './state.js';

export interface Aid {
  language: Language;
  guide: ContentBundle;
  t: (key: string, values?: Record<string, string | number>) => string;
  state: AidState;
  update: (change: (state: AidState) => AidState) => void;
  go: (step: string) => void;
}

export const AidContext = createContext<Aid | null>(null);

export function useAid(): Aid {
  const aid = useContext(AidContext);
  if (!aid) throw new Error('useAid outside the aid');
  return aid;
}
