/**
 * The person's answers: kept on this device only (localStorage), never sent anywhere, and removed
 * entirely by "Forget my answers".
 */
import type { OptionId, ValueId } from '../../core/decision-aid/ids.js';
import type { Answers } from '../../core/decision-aid/situation.js';
import type { SureAnswers } from '../../core/decision-aid/sure.js';

export type Importance = 'not' | 'somewhat' | 'very';

export interface AidState {
  version: 1;
  considering: OptionId[];
  answers: Answers;
  therapistReason: string;
  values: Partial<Record<ValueId, Importance>>;
  /** Ticked cells of the availability grid, as `mon.evening`. */
  availability: string[];
  sure: SureAnswers;
  myReasons: string;
  myQuestions: string;
  /** The option the person leans toward after weighing, or 'unsure' (Ottawa Decision Guide). */
  leaning: OptionId | 'unsure' | '';
  /** Who else is part of the choice, in the person's words. */
  others: string;
  /** Whether someone pushes the person toward an option. */
  pressure: 'no' | 'some' | 'yes' | '';
}

const KEY = 'stepdown.aid.v1';
const LANGUAGE_KEY = 'stepdown.lang';

export function emptyState(): AidState {
  return {
    version: 1,
    considering: [],
    answers: {},
    therapistReason: '',
    values: {},
    availability: [],
    sure: {},
    myReasons: '',
    myQuestions: '',
    leaning: '',
    others: '',
    pressure: '',
  };
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    // Private modes can refuse storage; the aid still works, it just forgets on reload.
    return undefined;
  }
}

export function loadState(): AidState {
  const raw = storage()?.getItem(KEY);
  if (!raw) return emptyState();
  try {
    const parsed = JSON.parse(raw) as Partial<AidState>;
    return parsed.version === 1 ? { ...emptyState(), ...parsed } : emptyState();
  } catch {
    return emptyState();
  }
}

export function saveState(state: AidState): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(state));
  } catch {
    // Storage full or refused: keep going in memory.
  }
}

/** Removes everything this guide stored on the device. */
export function forgetEverything(): void {
  storage()?.removeItem(KEY);
  storage()?.removeItem(LANGUAGE_KEY);
}

export function savedLanguage(): string | null {
  return storage()?.getItem(LANGUAGE_KEY) ?? null;
}

export function saveLanguage(language: string): void {
  try {
    storage()?.setItem(LANGUAGE_KEY, language);
  } catch {
    // not fatal
  }
}
