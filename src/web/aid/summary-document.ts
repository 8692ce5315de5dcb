/** The person's summary as blocks, shared by the printable page's PDF download. */
import { safetyNotes, talkingPoints } from '../../core/decision-aid/situation.js';
import { scoreSure } from '../../core/decision-aid/sure.js';
import type { PdfBlock } from '../../core/pdf/simple-pdf.js';
import { availabilityFromGrid } from '../../core/schedule/week.js';
import type { Aid } from './context.js';

export function availabilityLines(aid: Pick<Aid, 't' | 'state'>): string[] {
  return availabilityFromGrid(aid.state.availability).slots.map((slot) =>
    aid.t('summary.slot', { day: aid.t(`day.long.${slot.day}`), start: slot.start, end: slot.end }),
  );
}

export function summaryBlocks(aid: Aid): PdfBlock[] {
  const { guide, state, t } = aid;
  const blocks: PdfBlock[] = [{ kind: 'title', text: t('summary.title') }];
  const notes = safetyNotes(state.answers);
  if (notes.length > 0) {
    blocks.push({ kind: 'heading', text: guide.safety.careTeamHeading });
    blocks.push({ kind: 'text', text: guide.safety.careTeamIntro });
    for (const note of notes) blocks.push({ kind: 'bullet', text: guide.safety.notes[note]?.tellCareTeam ?? note });
  }
  const considering = guide.options.filter((option) => state.considering.includes(option.id));
  blocks.push({ kind: 'heading', text: t('summary.considering') });
  if (considering.length === 0) blocks.push({ kind: 'text', text: t('summary.noneConsidering') });
  for (const option of considering) blocks.push({ kind: 'bullet', text: `${option.name}: ${option.summary}` });
  blocks.push({ kind: 'heading', text: t('summary.reasons') });
  blocks.push({ kind: 'text', text: state.myReasons.trim() || t('summary.empty') });
  blocks.push({ kind: 'heading', text: t('summary.questions') });
  for (const group of talkingPoints(state.answers)) {
    const words = guide.talkingPoints[group.group];
    for (const point of group.points) blocks.push({ kind: 'bullet', text: words?.points[point] ?? point });
  }
  if (state.therapistReason.trim())
    blocks.push({ kind: 'bullet', text: `${t('situation.therapistWhy')} ${state.therapistReason.trim()}` });
  if (state.myQuestions.trim()) blocks.push({ kind: 'bullet', text: state.myQuestions.trim() });
  blocks.push({ kind: 'heading', text: guide.family.heading });
  for (const point of guide.family.points) blocks.push({ kind: 'bullet', text: point });
  blocks.push({ kind: 'heading', text: t('summary.availability') });
  const slots = availabilityLines(aid);
  if (slots.length === 0) blocks.push({ kind: 'text', text: t('summary.empty') });
  for (const line of slots) blocks.push({ kind: 'bullet', text: line });
  blocks.push({ kind: 'heading', text: t('summary.sure') });
  const sure = scoreSure(state.sure);
  blocks.push({
    kind: 'text',
    text: sure.complete
      ? `${t('sure.score', { score: sure.score })} ${sure.needsSupport ? guide.sure.lowScore : guide.sure.highScore}`
      : t('summary.empty'),
  });
  blocks.push({ kind: 'space' });
  blocks.push({ kind: 'text', text: t('summary.crisis') });
  blocks.push({ kind: 'text', text: guide.meta.notAdvice });
  return blocks;
}
