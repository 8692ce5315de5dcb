/**
 * Starting points for the goals an intensive outpatient plan usually holds: communication, staying
 * sober, a sober support network, problem solving, changing a habit, coping with stress, and
 * relationships. Each is measurable and has a default target a few weeks out; the clinician and the
 * client make it their own. Written in plain words, in the client's voice. These are templates, not
 * clinical facts, so they carry no source.
 */
import type { Goal } from './plan-schema.js';
import type { GoalTemplateId, PlanLanguage } from './vocabulary.js';
import { GOAL_TEMPLATE_IDS } from './vocabulary.js';

export interface GoalTemplateText {
  /** A short name for the template picker. */
  label: string;
  text: string;
  measure: string;
}

export interface GoalTemplate {
  id: GoalTemplateId;
  /** Days from the plan's start to the default target date. */
  targetDays: number;
  words: Readonly<Record<PlanLanguage, GoalTemplateText>>;
}

export const GOAL_TEMPLATES: Readonly<Record<GoalTemplateId, GoalTemplate>> = {
  communication: {
    id: 'communication',
    targetDays: 60,
    words: {
      en: {
        label: 'Communication',
        text: 'I will tell the people close to me what I need, in a calm way.',
        measure: 'I talk with someone close to me about what I need at least 2 times a week.',
      },
      es: {
        label: 'Comunicación',
        text: 'Voy a decir con calma lo que necesito a las personas cercanas.',
        measure: 'Hablo con alguien cercano sobre lo que necesito por lo menos 2 veces por semana.',
      },
    },
  },
  'staying-abstinent': {
    id: 'staying-abstinent',
    targetDays: 90,
    words: {
      en: {
        label: 'Staying sober',
        text: 'I will stay away from alcohol and drugs.',
        measure: 'I mark each sober day on a calendar and share it with my counselor each week.',
      },
      es: {
        label: 'Seguir sin usar',
        text: 'Voy a seguir sin alcohol ni drogas.',
        measure: 'Marco cada día sin usar en un calendario y se lo enseño a mi consejero cada semana.',
      },
    },
  },
  'sober-network': {
    id: 'sober-network',
    targetDays: 30,
    words: {
      en: {
        label: 'Sober support',
        text: 'I will build a group of sober people I can count on.',
        measure: 'I have at least 3 sober people I can call, and I go to 2 support meetings a week.',
      },
      es: {
        label: 'Apoyo sobrio',
        text: 'Voy a formar un grupo de personas sobrias con quienes puedo contar.',
        measure: 'Tengo por lo menos 3 personas sobrias a quienes llamar y voy a 2 reuniones de apoyo por semana.',
      },
    },
  },
  'problem-solving': {
    id: 'problem-solving',
    targetDays: 60,
    words: {
      en: {
        label: 'Problem solving',
        text: 'I will work through problems one step at a time.',
        measure: 'When a problem comes up, I write down 2 choices and talk them over with my counselor that week.',
      },
      es: {
        label: 'Resolver problemas',
        text: 'Voy a resolver los problemas paso a paso.',
        measure: 'Cuando hay un problema, escribo 2 opciones y las hablo con mi consejero esa semana.',
      },
    },
  },
  'behaviour-change': {
    id: 'behaviour-change',
    targetDays: 60,
    words: {
      en: {
        label: 'Changing a habit',
        text: 'I will change one habit that leads me toward using.',
        measure: 'I swap that habit for a healthy one on at least 5 days a week.',
      },
      es: {
        label: 'Cambiar un hábito',
        text: 'Voy a cambiar un hábito que me lleva a usar.',
        measure: 'Cambio ese hábito por uno sano por lo menos 5 días por semana.',
      },
    },
  },
  'coping-with-stress': {
    id: 'coping-with-stress',
    targetDays: 30,
    words: {
      en: {
        label: 'Coping with stress',
        text: 'I will handle stress without using.',
        measure: 'On each day I feel stressed, I use a coping skill, like a walk or slow breaths.',
      },
      es: {
        label: 'Manejar el estrés',
        text: 'Voy a manejar el estrés sin usar.',
        measure: 'Cada día que siento estrés, uso algo que me ayuda, como caminar o respirar despacio.',
      },
    },
  },
  relationships: {
    id: 'relationships',
    targetDays: 90,
    words: {
      en: {
        label: 'Healthy relationships',
        text: 'I will build relationships that help my recovery.',
        measure: 'I spend time each week with someone who supports my recovery.',
      },
      es: {
        label: 'Relaciones sanas',
        text: 'Voy a tener gente a mi lado que me ayude a seguir bien.',
        measure: 'Cada semana paso tiempo con alguien que me apoya.',
      },
    },
  },
};

/** Adds days to a `YYYY-MM-DD` date (calendar arithmetic in UTC, so no time zone can shift it). */
export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * A new goal from a template, in the plan's language, with its default target date counted from
 * `today` (`YYYY-MM-DD`). The id must be unique within the plan.
 */
export function goalFromTemplate(id: GoalTemplateId, language: PlanLanguage, today: string, goalId: string): Goal {
  const template = GOAL_TEMPLATES[id];
  const words = template.words[language];
  return {
    id: goalId,
    template: id,
    text: words.text,
    measure: words.measure,
    targetDate: addDays(today, template.targetDays),
  };
}

/** Every template, in the order the picker shows them. */
export function goalTemplates(): GoalTemplate[] {
  return GOAL_TEMPLATE_IDS.map((id) => GOAL_TEMPLATES[id]);
}
