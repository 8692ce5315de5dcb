/** The decision aid's fixed identifiers, without any schema code, for the small client bundle. */

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The options, in the fixed neutral order in which they are always shown. */
export const OPTION_IDS = ['iop', 'php', 'op', 'recovery-residence', 'residential', 'mutual-help'] as const;
export type OptionId = (typeof OPTION_IDS)[number];

export const VALUE_IDS = ['job', 'children', 'structure', 'privacy', 'cost', 'time', 'family'] as const;
export type ValueId = (typeof VALUE_IDS)[number];

/**
 * Learn sections in the order shown: what care after rehab is, one section of the same depth per
 * option, then medicine for addiction, overdose safety, kinds of therapy, and the limits of studies.
 */
export const FACT_TOPICS = ['after-rehab', ...OPTION_IDS, 'medication', 'overdose', 'therapies', 'limits'] as const;
export type FactTopic = (typeof FACT_TOPICS)[number];
