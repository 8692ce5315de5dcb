import { describe, expect, it } from 'vitest';
import { englishWordsIn } from './english-words.js';

describe('the English-word detector', () => {
  it('finds English words in a Spanish screen', () => {
    expect(englishWordsIn('Evening track: lunes de 6 a 9. Va con tu semana')).toEqual(['evening', 'track']);
    expect(englishWordsIn('Call 988 o llama al 911')).toEqual(['call']);
    expect(englishWordsIn('La sesión del sábado is at a time you are busy')).toEqual([
      'is',
      'at',
      'time',
      'you',
      'are',
      'busy',
    ]);
  });

  it('lets Spanish through, and the names it is told to allow', () => {
    expect(englishWordsIn('No tengo un lugar fijo donde vivir. Me dejan seguir con mi medicina?')).toEqual([]);
    expect(
      englishWordsIn('Maple Street Recovery Center (demo): grupo de la tarde', ['Maple Street Recovery Center']),
    ).toEqual([]);
    expect(englishWordsIn('Chatea en 988lifeline.org o en https://988lifeline.org/chat/')).toEqual([]);
  });
});
