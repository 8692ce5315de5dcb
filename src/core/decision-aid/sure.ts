/**
 * The SURE test (Légaré et al., Can Fam Physician 2010;56:e308-14): four yes/no items, one point
 * each; 4 means no decisional conflict, 3 or less suggests the person needs more support first.
 */

export const SURE_ITEMS = ['sure', 'understand', 'risks', 'encouragement'] as const;
export type SureItem = (typeof SURE_ITEMS)[number];
export type SureAnswers = Partial<Record<SureItem, boolean>>;

export interface SureScore {
  score: number;
  answered: number;
  complete: boolean;
  /** True when all four are answered and the score is 3 or less. */
  needsSupport: boolean;
}

export function scoreSure(answers: SureAnswers): SureScore {
  const answered = SURE_ITEMS.filter((item) => answers[item] !== undefined).length;
  const score = SURE_ITEMS.filter((item) => answers[item] === true).length;
  const complete = answered === SURE_ITEMS.length;
  return { score, answered, complete, needsSupport: complete && score <= 3 };
}
