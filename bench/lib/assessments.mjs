// Pseudo-random, valid stepdown/assessment@1 documents for the benchmarks. Assessment i depends only
// on (seed, i), so a benchmark can regenerate any one of them to check a line of output without
// keeping a million documents in memory.

const FLAGS = [
  // [flag, chance it is true, chance it is written as false rather than left out]
  ['imminentDanger', 0.03, 0.3],
  ['withdrawalRisk', 0.15, 0.3],
  ['intoxicated', 0.03, 0.3],
  ['needs24HourStructure', 0.08, 0.3],
  ['coOccurringMentalHealth', 0.35, 0.3],
  ['homeResponsibilities', 0.3, 0.3],
  ['unsafeHousing', 0.2, 0.3],
];

// Ratings lean towards the lower end, as they do after residential treatment, but every rating occurs.
const RATING_WEIGHTS = [0.22, 0.3, 0.25, 0.16, 0.07];

const NOTE_PHRASES = [
  'Reports cravings in the evenings.',
  'Lives with a partner who drinks daily.',
  'Stable on buprenorphine for six weeks.',
  'Missed two group sessions last month.',
  'Works night shifts; prefers evening groups.',
  'Anxiety managed with weekly therapy.',
  'No withdrawal signs at discharge.',
  'Family supportive; attends family sessions.',
];

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; good enough for test data, not for secrets. */
function mulberry32(state) {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rating(random) {
  let r = random();
  for (let value = 0; value < RATING_WEIGHTS.length; value++) {
    r -= RATING_WEIGHTS[value];
    if (r < 0) return value;
  }
  return RATING_WEIGHTS.length - 1;
}

/** The i-th assessment of the set named by `seed`. */
export function assessmentAt(seed, index) {
  // Mix seed and index so neighbouring indexes start from unrelated PRNG states.
  const random = mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
  const doc = {
    schema: 'stepdown/assessment@1',
    population: random() < 0.15 ? 'adolescent' : 'adult',
    ratings: {
      d1: rating(random),
      d2: rating(random),
      d3: rating(random),
      d4: rating(random),
      d5: rating(random),
      d6: rating(random),
    },
  };
  if (random() < 0.85) {
    const flags = {};
    for (const [flag, chanceTrue, chanceFalse] of FLAGS) {
      const r = random();
      if (r < chanceTrue) flags[flag] = true;
      else if (r < chanceTrue + (1 - chanceTrue) * chanceFalse) flags[flag] = false;
    }
    doc.flags = flags;
  }
  if (random() < 0.3) {
    const notes = {};
    for (const dimension of ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']) {
      if (random() < 0.35) notes[dimension] = NOTE_PHRASES[Math.floor(random() * NOTE_PHRASES.length)];
    }
    doc.notes = notes;
  }
  return doc;
}

/** The first `count` assessments of the set named by `seed`, as objects. */
export function assessments(seed, count) {
  const result = new Array(count);
  for (let i = 0; i < count; i++) result[i] = assessmentAt(seed, i);
  return result;
}
