// The largest plan a clinician may save, for the PDF benchmark and the PDF security test: a complete
// plan document with every list as long and every text as long as the plan schema allows. Built by
// walking the schema (zod 4) beside a sample document: each list is filled to its maximum with
// copies of its first item, each free text is filled to its maximum length with words (so pdfmake
// has lines to break), and anything with a format (dates, ids, enums) keeps the sample's value.
let counter = 0;

const WORDS =
  'the client plans evening groups near home with a sponsor they trust and calls before weekends when cravings rise '.split(
    ' ',
  );

function filler(length) {
  counter += 1;
  let text = `${counter}.`;
  for (let i = 0; text.length < length; i++) text += ` ${WORDS[(i + counter) % WORDS.length]}`;
  return text.slice(0, length).trimEnd().padEnd(length, '.');
}

function maximum(def) {
  const check = (def.checks ?? []).find((c) => c._zod?.def?.check === 'max_length');
  return check?._zod.def.maximum;
}

/** The largest value `schema` allows shaped like `sample`. */
export function largestLike(schema, sample) {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return sample === null || sample === undefined ? sample : largestLike(def.innerType, sample);
    case 'pipe':
      return largestLike(def.in, sample);
    case 'string': {
      const max = maximum(def);
      if (schema.format || typeof sample !== 'string' || max === undefined) return sample;
      return filler(max);
    }
    case 'array': {
      const max = maximum(def);
      if (!Array.isArray(sample) || sample.length === 0 || max === undefined) {
        return Array.isArray(sample) ? sample.map((item) => largestLike(def.element, item)) : sample;
      }
      return Array.from({ length: max }, (_, i) => largestLike(def.element, sample[i % sample.length]));
    }
    case 'object': {
      if (sample === null || typeof sample !== 'object') return sample;
      return Object.fromEntries(
        Object.entries(sample).map(([key, value]) => [
          key,
          def.shape[key] ? largestLike(def.shape[key], value) : value,
        ]),
      );
    }
    default:
      return sample;
  }
}

/** The server's request body limit (src/server/app.ts `bodyLimit`): no saved plan is larger. */
export const REQUEST_BODY_LIMIT = 1024 * 1024;

/**
 * The largest plan like `document` (a complete plan) that a clinician can save: every list at its
 * schema limit, then, while the JSON is over the request body limit, goals taken off the end (the
 * plan@2 lists together pass 1 MiB, so few goals are left); goal ids made unique again.
 */
export function largestPlan(schema, document, maxBytes = REQUEST_BODY_LIMIT - 4096) {
  const plan = largestLike(schema, document);
  // What the plan carries from the assessment is not the clinician's to fill: kept as it is.
  for (const key of ['assessment', 'ruleset', 'reasons', 'sequence', 'needs']) {
    if (key in document) plan[key] = document[key];
  }
  plan.goals = plan.goals.map((goal, index) => ({ ...goal, id: `g${index + 1}` }));
  while (plan.goals.length > 1 && Buffer.byteLength(JSON.stringify(plan)) > maxBytes) plan.goals.pop();
  return plan;
}
