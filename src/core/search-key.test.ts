import { describe, expect, it } from 'vitest';
import { searchKey } from './search-key.js';

describe('searchKey', () => {
  it('folds accents and case', () => {
    expect(searchKey('Dávila')).toBe('davila');
    expect(searchKey('ÅSA-7')).toBe('asa-7');
    expect(searchKey('Łukasz Nuñez Çelik')).toBe('łukasz nunez celik');
    expect(searchKey('Zoë Ångström')).toBe('zoe angstrom');
  });

  it('leaves scripts without case or accents as they are', () => {
    expect(searchKey('سارة أحمد')).toBe('سارة أحمد');
    expect(searchKey('प्रिया')).toBe('प्रिया');
    expect(searchKey('Αλέξης')).toBe('αλεξης');
    expect(searchKey('张伟')).toBe('张伟');
  });
});
