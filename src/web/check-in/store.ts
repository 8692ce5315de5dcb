/**
 * The answers of one check-in, kept on the phone (localStorage) from the first tap until the server
 * says it has them, so closing the page or losing the signal loses nothing. The submission id is
 * made once, so a send repeated after a lost answer is recognised by the server.
 */

export interface Draft {
  submissionId: string;
  /** By instrument id, then item linkId. */
  answers: Record<string, Record<string, number>>;
  /** When the client pressed send: the time the answers are from. */
  takenAt: string | null;
  sent: boolean;
  language: 'en' | 'es' | null;
}

function keyOf(code: string): string {
  return `stepdown-check-in:${code}`;
}

function newId(): string {
  return crypto.randomUUID();
}

export function loadDraft(code: string): Draft {
  try {
    const raw = localStorage.getItem(keyOf(code));
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<Draft>;
      if (typeof parsed.submissionId === 'string' && parsed.answers && typeof parsed.answers === 'object') {
        return {
          submissionId: parsed.submissionId,
          answers: parsed.answers,
          takenAt: parsed.takenAt ?? null,
          sent: parsed.sent === true,
          language: parsed.language ?? null,
        };
      }
    }
  } catch {
    // Storage may be full or blocked (private browsing): the page still works, without keeping.
  }
  return { submissionId: newId(), answers: {}, takenAt: null, sent: false, language: null };
}

export function saveDraft(code: string, draft: Draft): void {
  try {
    localStorage.setItem(keyOf(code), JSON.stringify(draft));
  } catch {
    // As above: nothing more to do than keep the answers in memory.
  }
}
