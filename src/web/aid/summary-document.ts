/**
 * The person's summary as sections of plain lines, one model for the screen, the shared text (the
 * phone's share sheet or the clipboard) and the PDF: the date, what to tell the care team, the
 * options with the leaning, what matters, what the therapist suggested and the questions, the week
 * in 12-hour times in English, SURE with each "no" and what to do next, who else is involved.
 */
import { safetyNotes, talkingPoints } from '../../core/decision-aid/situation.js';
import { SURE_ITEMS, scoreSure } from '../../core/decision-aid/sure.js';
import { VALUE_IDS } from '../../core/decision-aid/ids.js';
import type { PdfBlock } from '../../core/pdf/simple-pdf.js';
import { availabilityFromGrid, minutesOf } from '../../core/schedule/week.js';
import type { Aid } from './context.js';

export interface SummarySection {
  id: string;
  heading: string;
  /** A sentence before the lines. */
  intro?: string;
  lines: string[];
  /** Shown as a list (bullets) rather than as running text. */
  list: boolean;
}

/** A time of day as people read it: "8 am", "5:30 pm" in English; "17:00" in Spanish. */
export function clockTime(time: string, language: Aid['language']): string {
  if (language !== 'en') return time.replace(/^0(\d)/, '$1');
  const minutes = minutesOf(time) % (24 * 60);
  const hour = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${rest === 0 ? hour12 : `${hour12}:${String(rest).padStart(2, '0')}`} ${hour < 12 ? 'am' : 'pm'}`;
}

export function availabilityLines(aid: Pick<Aid, 't' | 'state' | 'language'>): string[] {
  return availabilityFromGrid(aid.state.availability).slots.map((slot) =>
    aid.t('summary.slot', {
      day: aid.t(`day.long.${slot.day}`),
      start: clockTime(slot.start, aid.language),
      end: clockTime(slot.end, aid.language),
    }),
  );
}

/** Today's date, said in the aid's language. */
export function summaryDate(language: Aid['language'], now: Date = new Date()): string {
  return now.toLocaleDateString(language === 'es' ? 'es-US' : 'en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}

/** Every section of the summary, empty ones said as "not filled in yet". */
export function summarySections(aid: Aid): SummarySection[] {
  const { guide, state, t } = aid;
  const empty = t('summary.empty');
  const optionName = (id: string) => guide.options.find((option) => option.id === id)?.name ?? id;
  const sections: SummarySection[] = [];
  const add = (id: string, heading: string, lines: string[], list = true, intro?: string) =>
    sections.push({
      id,
      heading,
      ...(intro === undefined ? {} : { intro }),
      lines: lines.length > 0 ? lines : [empty],
      list: lines.length > 0 && list,
    });

  const notes = safetyNotes(state.answers);
  if (notes.length > 0) {
    add(
      'care-team',
      guide.safety.careTeamHeading,
      notes.map((note) => guide.safety.notes[note]?.tellCareTeam ?? note),
      true,
      guide.safety.careTeamIntro,
    );
  }
  const considering = guide.options.filter((option) => state.considering.includes(option.id));
  add(
    'considering',
    t('summary.considering'),
    considering.map((option) => `${option.name}: ${option.summary}`),
  );
  add(
    'leaning',
    t('summary.leaning'),
    state.leaning === '' ? [] : [state.leaning === 'unsure' ? t('sure.leaning.unsure') : optionName(state.leaning)],
    false,
  );
  add(
    'values',
    t('summary.values'),
    VALUE_IDS.filter((id) => state.values[id] !== undefined).map((id) =>
      t('summary.valueLine', {
        value: guide.values[id]?.label ?? id,
        level: t(`values.level.${state.values[id] ?? 'not'}`),
      }),
    ),
  );
  const said = state.answers.therapistSaid;
  add('therapist', t('summary.therapist'), [
    said === undefined || said === 'not-yet'
      ? t('summary.therapistNone')
      : (guide.situation.therapistSaid?.answers[said] ?? said),
    ...(state.therapistReason.trim() ? [`${t('situation.therapistWhy')} ${state.therapistReason.trim()}`] : []),
  ]);
  add('questions', t('summary.questions'), [
    ...talkingPoints(state.answers).flatMap((group) =>
      group.points.map((point) => guide.talkingPoints[group.group]?.points[point] ?? point),
    ),
    ...considering.flatMap((option) => option.ask.map((question) => `${option.name}. ${question}`)),
    ...(state.myQuestions.trim() ? [state.myQuestions.trim()] : []),
  ]);
  add('reasons', t('summary.reasons'), state.myReasons.trim() ? [state.myReasons.trim()] : [], false);
  add('week', t('summary.availability'), availabilityLines(aid));
  const sure = scoreSure(state.sure);
  add(
    'sure',
    t('summary.sure'),
    sure.complete
      ? [`${t('sure.score', { score: sure.score })} ${sure.needsSupport ? guide.sure.lowScore : guide.sure.highScore}`]
      : [],
    false,
  );
  const noItems = SURE_ITEMS.filter((item) => state.sure[item] === false);
  if (noItems.length > 0) {
    add(
      'sure-no',
      t('summary.sureNo'),
      noItems.map((item) => `${guide.sure.items[item]} ${t('answer.no')}. ${guide.sure.nextSteps[item]}`),
    );
  }
  add('others', t('summary.others'), [
    ...(state.others.trim() ? [state.others.trim()] : []),
    ...(state.pressure === '' ? [] : [t('summary.pressure', { answer: t(`sure.pressure.${state.pressure}`) })]),
  ]);
  return sections;
}

/** The summary as plain text, for the share sheet and the clipboard. */
export function summaryText(aid: Aid, now: Date = new Date()): string {
  const { t, guide } = aid;
  const parts = [`${t('summary.title')}`, t('summary.date', { date: summaryDate(aid.language, now) }), ''];
  for (const section of summarySections(aid)) {
    parts.push(section.heading.toUpperCase());
    if (section.intro) parts.push(section.intro);
    for (const line of section.lines) parts.push(section.list ? `- ${line}` : line);
    parts.push('');
  }
  parts.push(t('summary.crisis'), guide.meta.notAdvice);
  return parts.join('\n');
}

export function summaryBlocks(aid: Aid, now: Date = new Date()): PdfBlock[] {
  const { guide, t } = aid;
  const blocks: PdfBlock[] = [
    { kind: 'title', text: t('summary.title') },
    { kind: 'text', text: t('summary.date', { date: summaryDate(aid.language, now) }) },
  ];
  for (const section of summarySections(aid)) {
    blocks.push({ kind: 'heading', text: section.heading });
    if (section.intro) blocks.push({ kind: 'text', text: section.intro });
    for (const line of section.lines) blocks.push({ kind: section.list ? 'bullet' : 'text', text: line });
  }
  blocks.push({ kind: 'heading', text: guide.family.heading });
  for (const point of guide.family.points) blocks.push({ kind: 'bullet', text: point });
  blocks.push({ kind: 'space' });
  blocks.push({ kind: 'text', text: t('summary.crisis') });
  blocks.push({ kind: 'text', text: guide.meta.notAdvice });
  return blocks;
}
