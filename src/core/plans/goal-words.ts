/**
 * Whether an amended goal is still the goal a clinician marked met. A goal keeps its id across plan
 * versions, so its status follows it; but the id says nothing about what the goal asks, and an
 * amendment may keep an id and put another goal's words under it. "Met" then belongs to the old
 * words, not the new ones.
 */

/** The words of a goal without what does not change its meaning: case, spacing and punctuation. */
function meaningfulWords(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en-US')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * True when two versions of a goal's text ask the same thing: they differ at most in case, spacing
 * and punctuation. Any other change (a word added, dropped or replaced) makes it another goal for
 * the purpose of "met".
 */
export function sameGoalWords(before: string, after: string): boolean {
  return meaningfulWords(before) === meaningfulWords(after);
}

/**
 * The note left on a goal whose "met" an amendment took away: when it was marked, the words it was
 * marked for, the version that changed them, and the clinician's own note from then, kept whole.
 */
export function goalWordsChangedNote(input: {
  markedOn: string;
  earlierText: string;
  version: number;
  earlierNote: string | null;
}): string {
  const then = input.earlierNote ? ` The note then: ${input.earlierNote}` : '';
  return `Marked met on ${input.markedOn}, when the goal read: “${input.earlierText}” Version ${input.version} changed the words, so it is not met until you mark it again.${then}`;
}
