/**
 * The client-facing words of plan@2's parts, in English and Spanish: the first step of care
 * (urgent evaluation, or withdrawal care before the level of care), medicines and the supply given
 * at discharge, appointment cards, and the safety plan's six parts in our own words. Plain words,
 * grade 8 or lower; plan-words.test.ts scores them with the rest of the plan's wording.
 */
import type { AppointmentKind, NoAppointmentReason, PlanLanguage } from './vocabulary.js';

export interface StepWords {
  name: string;
  what: string;
}

export interface TransitionWords {
  headings: { appointments: string; medicines: string; safetyPlan: string };
  first: (step: string) => string;
  /** The level of care after withdrawal care: no word about where the client lives meanwhile. */
  afterThat: (setting: string) => string;
  recommendedFirst: (step: string) => string;
  /** Withdrawal care in a 24-hour setting, with or without medical staff on hand. */
  withdrawal: {
    residential: StepWords;
    residentialMonitored: StepWords;
    inpatient: StepWords;
    ambulatory: StepWords;
  };
  appointmentKinds: Readonly<Record<AppointmentKind, string>>;
  when: string;
  where: string;
  phone: string;
  bring: string;
  bringList: string;
  bringMedicines: string;
  dose: string;
  from: string;
  lastDose: string;
  bridge: (date: string) => string;
  /** What the clinician planned for a medicine that does not simply continue. */
  course: { taper: string; stop: string };
  noAppointment: Readonly<Record<NoAppointmentReason, string>>;
  safetyPlan: {
    intro: string;
    warningSigns: string;
    onMyOwn: string;
    peopleAndPlaces: string;
    peopleToAsk: string;
    professionals: string;
    saferSurroundings: string;
  };
}

export const TRANSITION_WORDS: Readonly<Record<PlanLanguage, TransitionWords>> = {
  en: {
    headings: { appointments: 'Your appointments', medicines: 'Your medicines', safetyPlan: 'Your safety plan' },
    first: (step) => `First: ${step}.`,
    afterThat: (setting) => `Then, when that is done: ${setting}.`,
    recommendedFirst: (step) => `Your care team recommended this first: ${step}.`,
    withdrawal: {
      residential: {
        name: 'Withdrawal care where you stay day and night',
        what: 'You stay there while your body adjusts. Staff are with you around the clock.',
      },
      residentialMonitored: {
        name: 'Withdrawal care with nurses and doctors, day and night',
        what: 'You stay there while your body adjusts. Nurses and doctors check on you around the clock.',
      },
      inpatient: {
        name: 'Withdrawal care in a hospital',
        what: 'You stay in a hospital while your body adjusts. Doctors and nurses care for you day and night.',
      },
      ambulatory: {
        name: 'Withdrawal care while you live at home',
        what: 'A nurse or doctor checks on you often while your body adjusts.',
      },
    },
    appointmentKinds: {
      'urgent-evaluation': 'Check-up with a doctor or crisis team',
      'withdrawal-management': 'Withdrawal care',
      'program-intake': 'First day at your program',
      medication: 'Medicine visit',
      'mental-health': 'Mental health visit',
      'primary-care': 'Doctor visit',
      'prenatal-care': 'Pregnancy checkup',
      other: 'Appointment',
    },
    when: 'When',
    where: 'Where',
    phone: 'Phone',
    bring: 'What to bring',
    bringList: 'A photo ID, your insurance card if you have one, and this plan.',
    bringMedicines: 'Bring your medicines in their bottles, or a list of them.',
    dose: 'How much',
    from: 'Who gives it',
    lastDose: 'Last dose',
    bridge: (date) => `You have enough to last until ${date}. Get your next supply before then.`,
    course: {
      taper: 'Your dose will go down a little at a time, as you and your care team planned.',
      stop: 'You and your care team planned to stop this medicine.',
    },
    noAppointment: {
      'client-declined': 'You chose not to set an appointment yet. Call the clinic when you are ready.',
      'program-will-call': 'The program will call you to set a time. Call them if you do not hear back in 2 days.',
      'no-opening-within-7-days':
        'The first opening is more than a week away. Call the clinic if you need help sooner.',
      'continuing-with-current-provider': 'You keep seeing the people who already care for you.',
      'moving-away': 'Your care will go on where you are moving. Your care team set it up.',
      other: 'Your care team will tell you when your first appointment is.',
    },
    safetyPlan: {
      intro: 'You made this plan with your care team. Use it when things start to feel bad.',
      warningSigns: 'Signs that a hard time is starting',
      onMyOwn: 'Things you can do on your own',
      peopleAndPlaces: 'People and places that help',
      peopleToAsk: 'People you can ask for help',
      professionals: 'Professionals and crisis lines',
      saferSurroundings: 'Making your home safer',
    },
  },
  es: {
    headings: { appointments: 'Sus citas', medicines: 'Sus medicinas', safetyPlan: 'Su plan de seguridad' },
    first: (step) => `Primero: ${step}.`,
    afterThat: (setting) => `Después, al terminar: ${setting}.`,
    recommendedFirst: (step) => `Su equipo le recomendó esto primero: ${step}.`,
    withdrawal: {
      residential: {
        name: 'Cuidado para la abstinencia donde se queda de día y de noche',
        what: 'Se queda allí mientras su cuerpo se ajusta. Hay personal con usted todo el día.',
      },
      residentialMonitored: {
        name: 'Cuidado para la abstinencia con enfermeras y médicos, de día y de noche',
        what: 'Se queda allí mientras su cuerpo se ajusta. Enfermeras y médicos lo revisan todo el día.',
      },
      inpatient: {
        name: 'Cuidado para la abstinencia en un hospital',
        what: 'Se queda en un hospital mientras su cuerpo se ajusta. Médicos y enfermeras lo cuidan de día y de noche.',
      },
      ambulatory: {
        name: 'Cuidado para la abstinencia mientras vive en su casa',
        what: 'Una enfermera o un médico lo revisa seguido mientras su cuerpo se ajusta.',
      },
    },
    appointmentKinds: {
      'urgent-evaluation': 'Revisión con un médico o un equipo de crisis',
      'withdrawal-management': 'Cuidado para la abstinencia',
      'program-intake': 'Primer día en su programa',
      medication: 'Cita para su medicina',
      'mental-health': 'Cita de salud mental',
      'primary-care': 'Cita con el médico',
      'prenatal-care': 'Control del embarazo',
      other: 'Cita',
    },
    when: 'Cuándo',
    where: 'Dónde',
    phone: 'Teléfono',
    bring: 'Qué llevar',
    bringList: 'Una identificación con foto, su tarjeta de seguro si tiene, y este plan.',
    bringMedicines: 'Lleve sus medicinas en sus frascos, o una lista de ellas.',
    dose: 'Cuánto',
    from: 'Quién se la da',
    lastDose: 'Última dosis',
    bridge: (date) => `Tiene suficiente hasta el ${date}. Consiga más antes de esa fecha.`,
    course: {
      taper: 'Su dosis va a bajar poco a poco, como lo planeó con su equipo de salud.',
      stop: 'Usted y su equipo de salud planearon dejar esta medicina.',
    },
    noAppointment: {
      'client-declined': 'Por ahora no quiso hacer una cita. Llame a la clínica cuando esté listo.',
      'program-will-call': 'El programa lo va a llamar para darle una hora. Llámelos si no sabe nada en 2 días.',
      'no-opening-within-7-days':
        'La primera cita libre es en más de una semana. Llame a la clínica si necesita ayuda antes.',
      'continuing-with-current-provider': 'Sigue con las personas que ya lo atienden.',
      'moving-away': 'Su atención sigue donde se va a mudar. Su equipo ya lo arregló.',
      other: 'Su equipo le va a decir cuándo es su primera cita.',
    },
    safetyPlan: {
      intro: 'Usted hizo este plan con su equipo. Úselo cuando empiece a sentirse mal.',
      warningSigns: 'Señales de que empieza un mal momento',
      onMyOwn: 'Lo que puede hacer por su cuenta',
      peopleAndPlaces: 'Personas y lugares que le ayudan',
      peopleToAsk: 'Personas a quienes pedir ayuda',
      professionals: 'Profesionales y líneas de crisis',
      saferSurroundings: 'Cómo hacer su casa más segura',
    },
  },
};

/**
 * A local date and time (`YYYY-MM-DDTHH:MM`, the clock at the place) in words of the language:
 * "Tuesday, March 3, 2026 at 6:00 PM", "martes, 3 de marzo de 2026, 18:00".
 */
export function formatLocalDateTime(local: string, language: PlanLanguage): string {
  const time = new Date(Date.parse(`${local.slice(0, 16)}:00Z`));
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(time);
}

/** A `tel:` link target from a phone number as people write it ("(555) 010-0111" -> "tel:5550100111"). */
export function telOf(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
