/**
 * A small detector of English words in text that should be Spanish: the most common English words,
 * and the words this project's screens use (session, track, miles, evening, care team...), leaving
 * out any that are also Spanish words ("no", "a", "me", "con"...). Names are not words: the caller
 * removes the names it allows (programs, medicines, organisations) before asking.
 */
const ENGLISH_WORDS = `
the and you your yours with for of to is are was were be been this that these those what when where which who why how
at it its they them their there here from into onto about after before over under between more most less least not
do does did done have has had will would can could should may might must shall just only also very much many
some any all each every other another than then too so but if or because while until since again still yet
yes ok okay please thanks hello
i my mine we our us he she his her him
week weeks weekly day days today tonight morning mornings afternoon afternoons evening evenings night nights
monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
am pm hour hours minute minutes time times free busy fits fit fitting session sessions track tracks group groups
mile miles away near nearby far distance zip code
call text chat help next back search searching find found none home homes house sober living live
care team medicine medicines medication treatment program programs day-program outpatient residential intensive
people person clients client new taking accepts accept offers offer listed directory demo data real
payment insurance private self-pay sliding scale languages language english spanish telehealth video phone website map
open address ask question questions answer answers summary print save share copy copied forget exit quick
option options choice choose learn about situation matters matter sure support family friends children kids job
work school money cost safe safety danger now right away emergency overdose naloxone withdrawal alcohol drugs
step steps start end ends ending after before free your
`
  .split(/\s+/)
  .filter((word) => word.length > 0);

/** Words that are English and Spanish alike, or Spanish words the list above would catch by mistake. */
const ALSO_SPANISH = new Set([
  'do',
  'alcohol',
  'video',
  'no',
  'a',
  'me',
  'mi',
  'son',
  'fin',
  'real',
  'once',
  'come',
  'has',
  'sin',
  'demo',
]);

export const ENGLISH_WORD_SET: ReadonlySet<string> = new Set(ENGLISH_WORDS.filter((word) => !ALSO_SPANISH.has(word)));

/** The English words in a text, once each, after removing every allowed name. */
export function englishWordsIn(text: string, allowedNames: readonly string[] = []): string[] {
  const names = [...allowedNames].sort((a, b) => b.length - a.length);
  let rest = text;
  for (const name of names) rest = rest.split(name).join(' ');
  // Addresses and links are not words a person reads as language.
  rest = rest.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').replace(/\b[\w.-]+\.(?:org|gov|com)\b\S*/gi, ' ');
  const words = (rest.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? []) as string[];
  return [...new Set(words.filter((word) => ENGLISH_WORD_SET.has(word)))];
}
