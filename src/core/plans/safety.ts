/**
 * The standard wording of the overdose-safety block that every discharge plan carries (REQ-S3;
 * domain brief 6.2), in plain English and Spanish, with the sources of its clinical facts. The
 * crisis numbers come from the decision aid's one list (crisis.ts), so they are verified in one place.
 */
import { CRISIS_RESOURCES } from '../decision-aid/crisis.js';
import type { PlanLanguage, SafetyTopic } from './vocabulary.js';
import { SAFETY_TOPICS } from './vocabulary.js';
import type { SafetyBlock } from './plan-schema.js';

export interface SafetyTopicText {
  title: string;
  paragraphs: readonly string[];
  /** Numbered steps, when the topic teaches a task (using naloxone), and the line that leads into them. */
  stepsIntro: string;
  steps: readonly string[];
  /** Source ids (SAFETY_SOURCES) behind the facts in this topic. */
  sources: readonly string[];
}

/** Where the clinical facts of the safety block come from (domain brief reference list). */
export const SAFETY_SOURCES = {
  R82: 'FDA approved Narcan 4 mg naloxone nasal spray for over-the-counter sale on 29 March 2023, the first nonprescription naloxone product. "Narcan Nasal Spray Becomes OTC Drug" (NABP) https://nabp.pharmacy/news/blog/regulatory_news/narcan-nasal-spray-becomes-otc-drug/',
  R83: 'The month after leaving treatment carries sharply raised overdose-death risk (about 5 times after ending treatment without medication, about 2 times after ending medication treatment); loss of tolerance is a key mechanism. "Preventing Overdose Deaths During High-Risk Transition Periods" (Penn State Evidence-to-Impact Collaborative) https://evidence2impact.psu.edu/resources/preventing-overdose-deaths-during-high-risk-transition-periods',
  label:
    'How to give naloxone nasal spray: the Drug Facts label and quick start guide that come with over-the-counter naloxone nasal spray (approved as nonprescription on 29 March 2023, R82).',
  crisis:
    '988 Suicide & Crisis Lifeline and the SAMHSA National Helpline, as listed in the decision aid (src/core/decision-aid/crisis.ts).',
} as const;

const { lifeline, emergency, helpline } = CRISIS_RESOURCES;

export const SAFETY_TEXT: Readonly<Record<PlanLanguage, Readonly<Record<SafetyTopic, SafetyTopicText>>>> = {
  en: {
    'lowered-tolerance': {
      title: 'Your body can handle less now',
      paragraphs: [
        'After time away from drugs or alcohol, your body can handle much less than before.',
        'If you use again, even the amount you used to take can stop your breathing.',
        'The first weeks after treatment carry the highest risk. Plan for them.',
      ],
      stepsIntro: '',
      steps: [],
      sources: ['R83'],
    },
    naloxone: {
      title: 'Keep naloxone close',
      paragraphs: [
        'Naloxone (Narcan) can stop an overdose from opioids. You can buy the nose spray at a drug store. You do not need a prescription.',
        'Keep it where you and the people you live with can find it fast. Show them how to use it.',
      ],
      stepsIntro: 'If someone may be having an overdose:',
      steps: [
        'Shout their name and rub hard on the middle of their chest.',
        `If they do not wake up, call ${emergency.number}.`,
        'Lay them on their back. Spray one dose into one side of the nose.',
        'If they do not wake up in 2 to 3 minutes, spray a new dose into the other side.',
        'Stay with them. Turn them on their side if they breathe. The overdose can come back when naloxone wears off.',
      ],
      sources: ['R82', 'label'],
    },
    'never-use-alone': {
      title: 'Never use alone',
      paragraphs: [
        'If you do use, do not use alone. Someone with you can give naloxone and call for help.',
        'Tell them where your naloxone is.',
      ],
      stepsIntro: '',
      steps: [],
      sources: ['R83'],
    },
    'crisis-lines': {
      title: 'Help is one call away',
      paragraphs: [
        `Call or text ${lifeline.number} any time if you are in crisis or thinking about using. Press 2 for Spanish.`,
        `Call ${emergency.number} if someone is in danger right now.`,
        `The SAMHSA Helpline is free and open day and night, in English and Spanish: ${helpline.number} (TTY ${helpline.tty}).`,
      ],
      stepsIntro: '',
      steps: [],
      sources: ['crisis'],
    },
  },
  es: {
    'lowered-tolerance': {
      title: 'Su cuerpo ahora aguanta menos',
      paragraphs: [
        'Después de un tiempo sin drogas ni alcohol, su cuerpo aguanta mucho menos que antes.',
        'Si vuelve a usar, hasta la cantidad de antes puede parar su respiración.',
        'Las primeras semanas después del tratamiento son las de más riesgo. Prepárese para ellas.',
      ],
      stepsIntro: '',
      steps: [],
      sources: ['R83'],
    },
    naloxone: {
      title: 'Tenga naloxona a mano',
      paragraphs: [
        'La naloxona (Narcan) puede parar una sobredosis de opioides. Puede comprar el spray nasal en la farmacia. No necesita receta.',
        'Guárdela donde usted y las personas con quien vive la encuentren rápido. Enséñeles a usarla.',
      ],
      stepsIntro: 'Si una persona puede tener una sobredosis:',
      steps: [
        'Diga su nombre en voz alta y frote fuerte el centro de su pecho.',
        `Si no despierta, llame al ${emergency.number}.`,
        'Acuéstela boca arriba. Ponga una dosis en un lado de la nariz.',
        'Si no despierta en 2 o 3 minutos, ponga otra dosis en el otro lado.',
        'Quédese con ella. Si respira, póngala de lado. La sobredosis puede volver cuando pasa el efecto.',
      ],
      sources: ['R82', 'label'],
    },
    'never-use-alone': {
      title: 'Nunca use solo',
      paragraphs: [
        'Si usa, no lo haga solo. Otra persona puede darle naloxona y pedir ayuda.',
        'Dígale dónde tiene su naloxona.',
      ],
      stepsIntro: '',
      steps: [],
      sources: ['R83'],
    },
    'crisis-lines': {
      title: 'La ayuda está a una llamada',
      paragraphs: [
        `Llame o mande un texto al ${lifeline.number} a toda hora si está en crisis o piensa en usar. Marque 2 para español.`,
        `Llame al ${emergency.number} si alguien está en peligro ahora.`,
        `La línea de SAMHSA es gratis y abre día y noche, en inglés y español: ${helpline.number} (TTY ${helpline.tty}).`,
      ],
      stepsIntro: '',
      steps: [],
      sources: ['crisis'],
    },
  },
};

/** The safety block of a new plan: every topic in, and the two questions not yet asked. */
export function defaultSafetyBlock(): SafetyBlock {
  return { topics: [...SAFETY_TOPICS], naloxone: 'not-asked', medication: 'not-asked', note: '' };
}
