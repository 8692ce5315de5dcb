/**
 * Linters over the wording of client-facing content: directive phrases that rank options or tell
 * the person what to choose, and advice to stop alcohol or sedatives suddenly (REQ-S4).
 */
import type { Language } from '../../src/core/decision-aid/content-schema.js';

/** Wording that tells the person what to choose, or ranks an option (IPDAS balance, DESIGN.md principle 4). */
export const DIRECTIVE_PHRASES: Record<Language, RegExp[]> = {
  en: [
    /\byou should\b/i,
    /\byou must (go|choose|pick)\b/i,
    /\byou need to (go|choose|pick)\b/i,
    /\bwe (strongly )?(recommend|advise|suggest you)\b/i,
    /\bour recommendation\b/i,
    /\b(the )?best (option|choice|program|level)\b/i,
    /\bis (the )?best for you\b/i,
    /\bthe right (option|choice|program) for you\b/i,
    /\bbetter option\b/i,
    /\bshould (go|choose|pick|attend)\b/i,
  ],
  es: [
    /\bdeber[ií]as\b/i,
    /\bdebes (ir|elegir|escoger)\b/i,
    /\btienes que (ir|elegir|escoger)\b/i,
    /\b(te )?recomendamos\b/i,
    /\bnuestra recomendaci[oó]n\b/i,
    /\bla mejor (opci[oó]n|elecci[oó]n|decisi[oó]n)\b/i,
    /\bel mejor (programa|nivel|tratamiento)\b/i,
    /\blo mejor para ti\b/i,
    /\bla opci[oó]n correcta\b/i,
    /\bte conviene\b/i,
    /\blo m[aá]s recomendable\b/i,
  ],
};

/**
 * REQ-S4: content never advises stopping alcohol, benzodiazepines or other sedatives suddenly
 * without medical help. A sentence is flagged when it names one of these substances and a way of
 * stopping, and either says to stop now or at once ("all at once", "today", "de golpe") or opens
 * with an order to stop ("Stop...", "Deja..."); unless it tells the reader not to, sends them to
 * medical help, warns of the harm, or asks a question. A few phrases are flagged wherever they appear.
 */
export const WITHDRAWAL_LINT: Record<
  Language,
  {
    substance: RegExp;
    stopping: RegExp;
    abrupt: RegExp;
    order: RegExp;
    negated: RegExp;
    medical: RegExp;
    harm: RegExp;
    banned: RegExp[];
  }
> = {
  en: {
    substance: /\b(alcohol|drink\w*|benzo\w*|sedative\w*|xanax|valium|klonopin|ativan|barbiturate\w*|pills?)\b/i,
    stopping: /\b(stop\w*|quit\w*|cut (out|off)|give up|cold turkey|detox\w*|taper\w*)\b/i,
    abrupt: /\b(all at once|at once|suddenly|abrupt\w*|cold turkey|right away|immediately|today|now|tonight)\b/i,
    order: /^(please )?(stop|quit|give up|cut (out|off)|taper)\b/i,
    negated: /\b(do not|don't|never|not)\b/i,
    medical: /\b(with|under|without) (medical|a doctor|your doctor|your care team|a nurse)\b|\bmedical help\b/i,
    harm: /\b(seizures?|can kill|deadly|dangerous)\b/i,
    banned: [/\bcold turkey\b/i, /\bdetox(ify)? (at home|on your own|by yourself)\b/i, /\bflush (your|the) pills\b/i],
  },
  es: {
    substance:
      /\b(alcohol|beber|tomar|benzodiacepinas?|sedantes?|xanax|valium|clonazepam|barbit[uú]ricos?|pastillas?|calmantes?)\b/i,
    stopping: /\b(dej\w*|suspend\w*|parar|pares|cort\w*|desintox\w*)\b/i,
    abrupt: /\b(de golpe|de repente|de una vez|en seco|de inmediato|ya mismo|hoy|ahora)\b/i,
    order: /^(por favor,? )?(deja|dej[aá]los|dej[aá]las|suspende|corta|para de)\b/i,
    negated: /\b(no|nunca|jam[aá]s)\b/i,
    medical:
      /\b(con|sin|bajo) (ayuda|atenci[oó]n|supervisi[oó]n) m[eé]dica\b|\bcon (un|tu) m[eé]dico\b|\bequipo de salud\b/i,
    harm: /\b(convulsiones|puede matar|peligros[oa])\b/i,
    banned: [/\bdesintox[ií]cate (en casa|por tu cuenta|a solas)\b/i, /\btira (tus|las) pastillas\b/i],
  },
};

/** The sentences of a text that advise stopping alcohol or sedatives unsafely. */
export function unsafeWithdrawalAdvice(text: string, language: Language): string[] {
  const lint = WITHDRAWAL_LINT[language];
  const sentences = text.split(/(?<=[.!?])\s+/).map((sentence) => sentence.replace(/^[¿¡"“]+/, ''));
  return sentences.filter((sentence) => {
    if (lint.banned.some((pattern) => pattern.test(sentence))) return true;
    if (!lint.substance.test(sentence) || !lint.stopping.test(sentence)) return false;
    if (!lint.abrupt.test(sentence) && !lint.order.test(sentence)) return false;
    const safe =
      lint.negated.test(sentence) || lint.medical.test(sentence) || lint.harm.test(sentence) || sentence.includes('?');
    return !safe;
  });
}
