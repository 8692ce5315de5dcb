/**
 * Signals as rules: a `stepdown/signal-rules@1` document (id, version, sources, rules) compiled and
 * evaluated like the placement rule set. A rule reads the facts of facts.ts and, when it holds,
 * raises a signal of its kind (safety the same day; step-up; step-down readiness) that says why,
 * with each fact and its value, the rule's sources, and an offer to reassess now. A signal never
 * changes a level or a plan: it asks a clinician to look.
 */
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.js';
import { sha256OfText } from '../sha256.js';
import { formatPath, type FieldIssue, type Parsed } from '../validation.js';
import { SIGNAL_FACTS, type SignalFactId, type SignalFacts } from './facts.js';

export const SIGNAL_RULES_SCHEMA_ID = 'stepdown/signal-rules@1';

const factId = z.enum(Object.keys(SIGNAL_FACTS) as [SignalFactId, ...SignalFactId[]]);

export type SignalCondition =
  | { fact: SignalFactId; min?: number; max?: number }
  | { fact: SignalFactId; is: boolean }
  | { all: SignalCondition[] }
  | { any: SignalCondition[] };

const ConditionSchema: z.ZodType<SignalCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ fact: factId, is: z.boolean() }),
    z
      .strictObject({ fact: factId, min: z.number().optional(), max: z.number().optional() })
      .refine((c) => c.min !== undefined || c.max !== undefined, 'give min, max or is'),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
  ]),
);

export const SIGNAL_KINDS = ['safety', 'step-up', 'step-down'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/),
  kind: z.enum(SIGNAL_KINDS),
  /** `same-day`: a clinician acts today; `this-week`: at the next contact; `next-review`: at the plan review. */
  urgency: z.enum(['same-day', 'this-week', 'next-review']),
  when: ConditionSchema,
  text: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
});

export const SignalRulesSchema = z.strictObject({
  schema: z.literal(SIGNAL_RULES_SCHEMA_ID),
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  title: z.string().min(1),
  description: z.string().min(1),
  sources: z.record(
    z.string().regex(/^[a-z0-9-]+$/),
    z.strictObject({ citation: z.string().min(1), url: z.string().optional() }),
  ),
  rules: z.array(RuleSchema).min(1),
});
export type SignalRulesDocument = z.infer<typeof SignalRulesSchema>;

export interface CompiledSignalRules {
  id: string;
  version: string;
  hash: string;
  document: SignalRulesDocument;
}

export interface Signal {
  rule: string;
  kind: SignalKind;
  urgency: 'same-day' | 'this-week' | 'next-review';
  text: string;
  /** Each fact the rule read, with its value and meaning: why the signal was raised. */
  basis: Array<{ fact: SignalFactId; value: number | boolean; meaning: string }>;
  sources: string[];
  /** Step-up and step-down signals offer a new assessment pre-filled from the last. */
  offersReassessment: boolean;
}

function factsOf(condition: SignalCondition): SignalFactId[] {
  if ('all' in condition) return condition.all.flatMap(factsOf);
  if ('any' in condition) return condition.any.flatMap(factsOf);
  return [condition.fact];
}

function holds(condition: SignalCondition, facts: SignalFacts): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, facts));
  if ('any' in condition) return condition.any.some((c) => holds(c, facts));
  const value = facts[condition.fact];
  if ('is' in condition) return value === condition.is;
  const number = typeof value === 'number' ? value : value ? 1 : 0;
  return (
    (condition.min === undefined || number >= condition.min) && (condition.max === undefined || number <= condition.max)
  );
}

/** Checks a signal rule set (every source a rule names must be listed) and computes its hash. */
export function compileSignalRules(document: unknown): Parsed<CompiledSignalRules> {
  const parsed = SignalRulesSchema.safeParse(document);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    };
  }
  const issues: FieldIssue[] = [];
  const ids = new Set<string>();
  parsed.data.rules.forEach((rule, index) => {
    if (ids.has(rule.id)) issues.push({ path: `rules.${index}.id`, message: 'is used twice' });
    ids.add(rule.id);
    rule.sources.forEach((source, s) => {
      if (!Object.hasOwn(parsed.data.sources, source)) {
        issues.push({ path: `rules.${index}.sources.${s}`, message: `is not one of the rule set's sources` });
      }
    });
  });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      id: parsed.data.id,
      version: parsed.data.version,
      hash: `sha256:${sha256OfText(canonicalJson(parsed.data))}`,
      document: parsed.data,
    },
  };
}

const KIND_ORDER: Record<SignalKind, number> = { safety: 0, 'step-up': 1, 'step-down': 2 };

/**
 * The signals the facts raise, safety first, then step-up, then step-down, each in rule order.
 * Step-down readiness is not raised while any safety or step-up signal is: a person cannot be both.
 */
export function evaluateSignals(rules: CompiledSignalRules, facts: SignalFacts): Signal[] {
  const sourceText = (key: string) => {
    const source = rules.document.sources[key];
    return source ? `${source.citation}${source.url ? ` ${source.url}` : ''}` : key;
  };
  const raised = rules.document.rules
    .filter((rule) => holds(rule.when, facts))
    .map(
      (rule): Signal => ({
        rule: rule.id,
        kind: rule.kind,
        urgency: rule.urgency,
        text: rule.text,
        basis: [...new Set(factsOf(rule.when))].map((fact) => ({
          fact,
          value: facts[fact],
          meaning: SIGNAL_FACTS[fact],
        })),
        sources: rule.sources.map(sourceText),
        offersReassessment: rule.kind !== 'safety',
      }),
    )
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const worrying = raised.some((signal) => signal.kind !== 'step-down');
  return worrying ? raised.filter((signal) => signal.kind !== 'step-down') : raised;
}
