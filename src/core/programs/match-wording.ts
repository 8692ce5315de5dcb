/**
 * Every word of a match's explanations, per language: day names and times, distances, hours, the
 * names of payments, populations, medications and languages, and the phrases of fit, conflicts and
 * notes. English is what the clinician workspace, the FHIR output and the admin pages show; Spanish
 * is for clients of the decision aid, in the aid's own voice (tú). Program, track and city names are
 * data and stay as they are. Both tables are plain-language, grade 8 or lower; a test scores them.
 */
import type { Day, Slot } from '../schedule/week.js';
import type { Moud, Payment, ProgramPopulation, Provenance } from './program.js';

export const MATCH_LANGUAGES = ['en', 'es'] as const;
export type MatchLanguage = (typeof MATCH_LANGUAGES)[number];

const MINUTES_PER_DAY = 24 * 60;

/** The phrases of a match's fit, conflicts and notes; each argument is already worded. */
export interface MatchPhrases {
  /** Every session of the track is in free time. `sessions` is from `sessionTimes`, `hours` from `hours`. */
  trackFits: (track: string, sessions: string, hours: string) => string;
  /** Some of the track's sessions are in free time. */
  someSessionsFit: (track: string, fitting: number, total: number) => string;
  /** One session that is not entirely in free time; `day` from `days`, `time` from `timeRange`. */
  sessionConflict: (day: string, time: string) => string;
  /**
   * A session that starts in free time but runs past its end: `endsAt` from `clock`, `block` from
   * `freeBlocks` ("ends at 1 pm, after your free morning").
   */
  sessionRunsPast: (day: string, time: string, endsAt: string, block: string) => string;
  timesNotOnFile: string;
  /** A distance from `miles`, said as near as it is known. */
  distance: (miles: string, approximate: boolean) => string;
  /** A distance measured from the centre of the program's ZIP code. */
  fromZipCentre: (distance: string) => string;
  /** A telehealth program beyond the radius, with its distance. */
  telehealthAway: (distance: string) => string;
  telehealth: string;
  acceptsPayment: (payment: string) => string;
  acceptsMedication: (medication: string) => string;
  /** A medication the person takes that the listing does not say the program accepts. */
  medicationNotListed: (medication: string) => string;
  offersLanguage: (language: string) => string;
  hasProgramFor: (population: string) => string;
  /** The program also offers a sober home (asked for). */
  hasSoberHome: string;
  treatsCoOccurring: string;
  noCoOccurring: string;
  takingNewClients: string;
  /** `date` from `date`. */
  takingNewClientsConfirmed: (date: string) => string;
  acceptingNotConfirmed: string;
}

/** A free stretch of a person's day, named by the part of the day it ends with on the aid's grid. */
export const FREE_BLOCKS = ['morning', 'afternoon', 'evening', 'time'] as const;
export type FreeBlock = (typeof FREE_BLOCKS)[number];

/** What a program card says beside the match: medicine, payment, languages, telehealth, sober home. */
export interface DetailWording {
  /** `medications` already joined with `or`. */
  keepsMedication: (medications: string) => string;
  alcoholMedication: string;
  medicationNotListed: string;
  payment: (payments: string) => string;
  paymentNotListed: string;
  languages: (languages: string) => string;
  telehealth: string;
  soberHome: string;
  and: string;
  or: string;
}

export interface MatchWording {
  /** Day names as they stand in a sentence ("Thursday", "jueves"). */
  days: Readonly<Record<Day, string>>;
  /** Days that share a session time, in week order: "Mon/Wed/Thu", "lunes, miércoles y jueves". */
  sessionDays: (days: readonly Day[]) => string;
  /** Joins groups of days-and-time into one list. */
  sessionGroupSeparator: string;
  /** A time range from minutes of the day (0 to 1440): "6-9 pm", "de 6 a 9 de la noche". */
  timeRange: (start: number, end: number) => string;
  /** Minutes as hours: "9 hours", "1 h 30 min", "9 horas". */
  hours: (minutes: number) => string;
  /** Miles with one decimal: "1.0 mile", "2.5 millas". */
  miles: (miles: number) => string;
  /** An ISO date (YYYY-MM-DD) as a person reads it. */
  date: (isoDate: string) => string;
  payments: Readonly<Record<Payment, string>>;
  populations: Readonly<Record<ProgramPopulation, string>>;
  medications: Readonly<Record<Moud, string>>;
  /** Names of languages by tag. */
  languages: Readonly<Record<string, string>>;
  /** Where a program's listing comes from. */
  provenance: (provenance: Provenance) => string;
  /** A time a session ends, as it stands after "ends": "1 pm", "a la 1 de la tarde". */
  clock: (minutes: number) => string;
  /** A free stretch of the day as it stands after "after": "your free morning", "tu mañana libre". */
  freeBlocks: Readonly<Record<FreeBlock, string>>;
  /**
   * A track's name as a reader of this language sees it. Names are data in English: Spanish says
   * when the track meets instead ("Grupo de la tarde"), so no English word reaches a Spanish screen.
   */
  trackName: (track: { name: string; slots: readonly Slot[] }) => string;
  details: DetailWording;
  phrases: MatchPhrases;
}

/** Hour and minutes of a minute of the day, on a 12-hour clock ("6", "11:30"). */
function clockText(minutes: number): { text: string; hour: number } {
  const day = minutes % MINUTES_PER_DAY;
  const hour = Math.floor(day / 60);
  const rest = day % 60;
  const hours12 = hour % 12 === 0 ? 12 : hour % 12;
  return { text: rest === 0 ? String(hours12) : `${hours12}:${String(rest).padStart(2, '0')}`, hour };
}

/** Minutes since midnight of an `HH:MM` time. */
function minutesOfTime(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** "a", "a and b", "a, b and c" with the language's "and" (or "or"). */
export function list(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1) ?? ''}`;
}

const EN_DAY_SHORT: Readonly<Record<Day, string>> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

function englishHalf(hour: number): 'am' | 'pm' {
  return hour < 12 ? 'am' : 'pm';
}

const ENGLISH: MatchWording = {
  days: {
    mon: 'Monday',
    tue: 'Tuesday',
    wed: 'Wednesday',
    thu: 'Thursday',
    fri: 'Friday',
    sat: 'Saturday',
    sun: 'Sunday',
  },
  sessionDays: (days) => days.map((day) => EN_DAY_SHORT[day]).join('/'),
  sessionGroupSeparator: ', ',
  timeRange: (start, end) => {
    const from = clockText(start);
    const to = clockText(end);
    const fromHalf = englishHalf(from.hour);
    const toHalf = englishHalf(to.hour);
    return fromHalf === toHalf ? `${from.text}-${to.text} ${toHalf}` : `${from.text} ${fromHalf}-${to.text} ${toHalf}`;
  },
  hours: (minutes) => {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    if (rest === 0) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
    return hours === 0 ? `${rest} minutes` : `${hours} h ${rest} min`;
  },
  miles: (miles) => {
    const rounded = Math.round(miles * 10) / 10;
    return `${rounded.toFixed(1)} ${rounded === 1 ? 'mile' : 'miles'}`;
  },
  date: (isoDate) => isoDate,
  payments: {
    medicaid: 'Medicaid',
    medicare: 'Medicare',
    'private-insurance': 'private insurance',
    'self-pay': 'self-pay',
    'sliding-scale': 'a sliding fee scale',
    'payment-assistance': 'payment assistance',
    free: 'people who cannot pay (no fee)',
    'military-insurance': 'military insurance (TRICARE)',
    'state-insurance': 'state health plans other than Medicaid',
    'government-funding': 'government funding',
    'ihs-tribal': 'IHS, tribal or urban Indian funds',
  },
  populations: {
    adults: 'adults',
    adolescents: 'teens',
    'young-adults': 'young adults',
    seniors: 'older adults',
    women: 'women',
    men: 'men',
    'pregnant-postpartum': 'pregnant and postpartum women',
    lgbtq: 'LGBTQ people',
    veterans: 'veterans',
    'active-duty-military': 'active duty military',
    'military-families': 'military families',
    'criminal-justice': 'people in the justice system',
    hiv: 'people with HIV',
    trauma: 'people who have been through trauma',
    'domestic-violence': 'people who have been through domestic violence',
    'sexual-abuse': 'people who have been through sexual abuse',
  },
  medications: {
    buprenorphine: 'buprenorphine',
    methadone: 'methadone',
    naltrexone: 'naltrexone',
  },
  languages: {
    en: 'English',
    es: 'Spanish',
    asl: 'sign language',
    ar: 'Arabic',
    zh: 'Chinese',
    fa: 'Farsi',
    fr: 'French',
    de: 'German',
    el: 'Greek',
    he: 'Hebrew',
    hi: 'Hindi',
    hmn: 'Hmong',
    it: 'Italian',
    ja: 'Japanese',
    ko: 'Korean',
    pl: 'Polish',
    pt: 'Portuguese',
    ru: 'Russian',
    tl: 'Tagalog',
    vi: 'Vietnamese',
    oj: 'Ojibwa',
    ypk: 'Yupik',
  },
  provenance: (provenance) => {
    switch (provenance.source) {
      case 'samhsa-directory':
        return `listed in SAMHSA's directory (${provenance.edition})`;
      case 'samhsa-locator':
        return `listed in SAMHSA's FindTreatment.gov locator (${provenance.edition})`;
      case 'stepdown':
        return `added to Stepdown from ${provenance.file} (${provenance.edition})`;
      case 'stepdown-demo':
        return 'demo data: not a real program';
      case 'clinic':
        return `listed by ${provenance.file}, not from SAMHSA's directory (${provenance.edition})`;
    }
  },
  clock: (minutes) => {
    const time = clockText(minutes);
    return `${time.text} ${englishHalf(time.hour)}`;
  },
  freeBlocks: {
    morning: 'your free morning',
    afternoon: 'your free afternoon',
    evening: 'your free evening',
    time: 'your free time',
  },
  trackName: (track) => track.name,
  details: {
    keepsMedication: (medications) => `You can keep taking ${medications} here`,
    alcoholMedication: 'Offers medicine for alcohol use',
    medicationNotListed: 'Does not list medicine for addiction: ask if you can keep yours',
    payment: (payments) => `Payment: ${payments}`,
    paymentNotListed: 'Payment is not listed: call to ask',
    languages: (languages) => `Languages: ${languages}`,
    telehealth: 'Offers visits by video or phone',
    soberHome: 'Also has a sober home (recovery residence)',
    and: 'and',
    or: 'or',
  },
  phrases: {
    trackFits: (track, sessions, hours) => `${track} ${sessions} fits your week (${hours} a week)`,
    someSessionsFit: (track, fitting, total) => `${track}: ${fitting} of ${total} sessions fit your week`,
    sessionConflict: (day, time) => `${day} session ${time} is at a time you are busy`,
    sessionRunsPast: (day, time, endsAt, block) => `${day} session ${time} ends at ${endsAt}, after ${block}`,
    timesNotOnFile: 'Session times are not on file: ask the program when groups meet',
    distance: (miles, approximate) => (approximate ? `about ${miles}` : miles),
    fromZipCentre: (distance) => `${distance} (from the ZIP code centre)`,
    telehealthAway: (distance) => `offers telehealth (${distance} away)`,
    telehealth: 'offers telehealth',
    acceptsPayment: (payment) => `accepts ${payment}`,
    acceptsMedication: (medication) => `accepts people on ${medication}`,
    medicationNotListed: (medication) =>
      `does not say it accepts people on ${medication}: call before you choose it, so your medicine does not stop`,
    offersLanguage: (language) => `offers services in ${language}`,
    hasProgramFor: (population) => `has a program for ${population}`,
    hasSoberHome: 'also has a sober home (recovery residence)',
    treatsCoOccurring: 'treats mental health alongside substance use',
    noCoOccurring: 'does not list care for mental health alongside substance use',
    takingNewClients: 'taking new clients',
    takingNewClientsConfirmed: (date) => `taking new clients (confirmed ${date})`,
    acceptingNotConfirmed: 'Not confirmed whether they are taking new clients: call to ask',
  },
};

/** Spanish names the part of the day after the hour: "de la mañana", "del mediodía", "de la tarde", "de la noche". */
function spanishPart(minutes: number): string {
  const minute = minutes % MINUTES_PER_DAY;
  const hour = Math.floor(minute / 60);
  if (hour === 0) return 'de la noche';
  if (hour < 6) return 'de la madrugada';
  if (hour < 12) return 'de la mañana';
  if (minute === 12 * 60) return 'del mediodía';
  if (hour < 19) return 'de la tarde';
  return 'de la noche';
}

const SPANISH_MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
] as const;

const SPANISH_DAYS: Readonly<Record<Day, string>> = {
  mon: 'lunes',
  tue: 'martes',
  wed: 'miércoles',
  thu: 'jueves',
  fri: 'viernes',
  sat: 'sábado',
  sun: 'domingo',
};

const SPANISH: MatchWording = {
  days: SPANISH_DAYS,
  sessionDays: (days) =>
    list(
      days.map((day) => SPANISH_DAYS[day]),
      'y',
    ),
  sessionGroupSeparator: '; ',
  timeRange: (start, end) => {
    const from = clockText(start);
    const to = clockText(end);
    const fromPart = spanishPart(start);
    const toPart = spanishPart(end);
    return fromPart === toPart
      ? `de ${from.text} a ${to.text} ${toPart}`
      : `de ${from.text} ${fromPart} a ${to.text} ${toPart}`;
  },
  hours: (minutes) => {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    const whole = `${hours} ${hours === 1 ? 'hora' : 'horas'}`;
    if (rest === 0) return whole;
    return hours === 0 ? `${rest} minutos` : `${whole} y ${rest} minutos`;
  },
  miles: (miles) => {
    const rounded = Math.round(miles * 10) / 10;
    return `${rounded.toFixed(1)} ${rounded === 1 ? 'milla' : 'millas'}`;
  },
  date: (isoDate) => {
    const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    const month = parts ? SPANISH_MONTHS[Number(parts[2]) - 1] : undefined;
    if (!parts || month === undefined) return isoDate;
    return `${Number(parts[3])} de ${month} de ${parts[1]}`;
  },
  payments: {
    medicaid: 'Medicaid',
    medicare: 'Medicare',
    'private-insurance': 'seguro médico privado',
    'self-pay': 'pago de tu bolsillo',
    'sliding-scale': 'pagos según lo que ganas',
    'payment-assistance': 'ayuda para pagar',
    free: 'a personas que no pueden pagar (sin costo)',
    'military-insurance': 'seguro militar (TRICARE)',
    'state-insurance': 'planes de salud del estado que no son Medicaid',
    'government-funding': 'fondos del gobierno',
    'ihs-tribal': 'fondos del IHS, de tribus o de programas indígenas urbanos',
  },
  populations: {
    adults: 'adultos',
    adolescents: 'adolescentes',
    'young-adults': 'adultos jóvenes',
    seniors: 'personas mayores',
    women: 'mujeres',
    men: 'hombres',
    'pregnant-postpartum': 'mujeres embarazadas o que acaban de dar a luz',
    lgbtq: 'personas LGBTQ',
    veterans: 'veteranos',
    'active-duty-military': 'militares en servicio activo',
    'military-families': 'familias de militares',
    'criminal-justice': 'personas en el sistema de justicia',
    hiv: 'personas con VIH',
    trauma: 'personas que han vivido un trauma',
    'domestic-violence': 'personas que han vivido violencia en el hogar',
    'sexual-abuse': 'personas que han vivido abuso sexual',
  },
  medications: {
    buprenorphine: 'buprenorfina',
    methadone: 'metadona',
    naltrexone: 'naltrexona',
  },
  languages: {
    en: 'inglés',
    es: 'español',
    asl: 'lengua de señas',
    ar: 'árabe',
    zh: 'chino',
    fa: 'farsi',
    fr: 'francés',
    de: 'alemán',
    el: 'griego',
    he: 'hebreo',
    hi: 'hindi',
    hmn: 'hmong',
    it: 'italiano',
    ja: 'japonés',
    ko: 'coreano',
    pl: 'polaco',
    pt: 'portugués',
    ru: 'ruso',
    tl: 'tagalo',
    vi: 'vietnamita',
    oj: 'ojibwa',
    ypk: 'yupik',
  },
  provenance: (provenance) => {
    switch (provenance.source) {
      case 'samhsa-directory':
        return `aparece en el directorio de SAMHSA (${provenance.edition})`;
      case 'samhsa-locator':
        return `aparece en el buscador FindTreatment.gov de SAMHSA (${provenance.edition})`;
      case 'stepdown':
        return `agregado a Stepdown desde ${provenance.file} (${provenance.edition})`;
      case 'stepdown-demo':
        return 'datos de prueba: no es un programa real';
      case 'clinic':
        return `agregado por ${provenance.file}, no viene del directorio de SAMHSA (${provenance.edition})`;
    }
  },
  clock: (minutes) => {
    const time = clockText(minutes);
    const article = time.text === '1' || time.text.startsWith('1:') ? 'a la' : 'a las';
    return `${article} ${time.text} ${spanishPart(minutes)}`;
  },
  freeBlocks: {
    morning: 'tu mañana libre',
    afternoon: 'tu tarde libre',
    evening: 'tu noche libre',
    time: 'tu tiempo libre',
  },
  trackName: (track) => {
    const weekend = track.slots.length > 0 && track.slots.every((slot) => slot.day === 'sat' || slot.day === 'sun');
    if (weekend) return 'Grupo del fin de semana';
    const first = track.slots[0];
    const part = first === undefined ? 'de la tarde' : spanishPart(minutesOfTime(first.start));
    return `Grupo ${part === 'del mediodía' ? 'de la tarde' : part}`;
  },
  details: {
    keepsMedication: (medications) => `Aquí puedes seguir con tu ${medications}`,
    alcoholMedication: 'Tiene medicina para el consumo de alcohol',
    medicationNotListed: 'No dice si tiene medicina para la adicción: pregunta si puedes seguir con la tuya',
    payment: (payments) => `Formas de pago: ${payments}`,
    paymentNotListed: 'No dice las formas de pago: llama y pregunta',
    languages: (languages) => `Idiomas: ${languages}`,
    telehealth: 'Tiene citas por video o por teléfono',
    soberHome: 'También tiene un hogar sobrio',
    and: 'y',
    or: 'o',
  },
  phrases: {
    trackFits: (track, sessions, hours) => `${track}: ${sessions}. Va con tu semana (${hours} por semana)`,
    someSessionsFit: (track, fitting, total) =>
      `${track}: ${fitting} de ${total} sesiones ${fitting === 1 ? 'va' : 'van'} con tu semana`,
    sessionConflict: (day, time) => `La sesión del ${day}, ${time}, choca con un horario en que no estás libre`,
    sessionRunsPast: (day, time, endsAt, block) =>
      `La sesión del ${day}, ${time}, termina ${endsAt}, después de ${block}`,
    timesNotOnFile: 'No tenemos los horarios de las sesiones: pregunta al programa cuándo se reúnen los grupos',
    distance: (miles, approximate) => (approximate ? `a cerca de ${miles}` : `a ${miles}`),
    fromZipCentre: (distance) => `${distance} (desde el centro del código postal)`,
    telehealthAway: (distance) => `tiene citas por video o por teléfono (${distance})`,
    telehealth: 'tiene citas por video o por teléfono',
    acceptsPayment: (payment) => `acepta ${payment}`,
    acceptsMedication: (medication) => `puedes seguir con tu ${medication}`,
    medicationNotListed: (medication) =>
      `no dice que acepte a personas que toman ${medication}: llama antes de elegirlo, para no dejar tu medicina`,
    offersLanguage: (language) => `atiende en ${language}`,
    hasProgramFor: (population) => `tiene un grupo para ${population}`,
    hasSoberHome: 'también tiene un hogar sobrio',
    treatsCoOccurring: 'también trata la salud mental',
    noCoOccurring: 'no dice que trate también la salud mental',
    takingNewClients: 'hay lugar para gente nueva',
    takingNewClientsConfirmed: (date) => `hay lugar (confirmado el ${date})`,
    acceptingNotConfirmed: 'No sabemos si hay lugar para gente nueva: llama y pregunta',
  },
};

/** The words of match explanations, by language. */
export const MATCH_WORDING: Readonly<Record<MatchLanguage, MatchWording>> = { en: ENGLISH, es: SPANISH };

/**
 * How the listing is worded to people: where it was found and when, in English unless asked. Never
 * "verified": nobody has confirmed a SAMHSA listing by calling the program (product-anchors 3.6).
 */
export function provenanceLabel(provenance: Provenance, language: MatchLanguage = 'en'): string {
  return MATCH_WORDING[language].provenance(provenance);
}
