/** Loads one language's content (guide and interface words) as its own chunk, on demand. */
import type { ContentBundle, UiStrings } from '../../core/decision-aid/content-schema.js';
import type { Language } from '../../core/decision-aid/ids.js';

export interface LoadedContent {
  guide: ContentBundle;
  ui: UiStrings;
}

const LOADERS: Record<Language, () => Promise<[{ default: unknown }, { default: unknown }]>> = {
  en: () => Promise.all([import('../../../content/en/guide.json'), import('../../../content/en/ui.json')]),
  es: () => Promise.all([import('../../../content/es/guide.json'), import('../../../content/es/ui.json')]),
};

export async function loadContent(language: Language): Promise<LoadedContent> {
  const [guide, ui] = await LOADERS[language]();
  return { guide: guide.default as ContentBundle, ui: ui.default as UiStrings };
}

/** Looks up an interface string; a missing key shows itself, so tests and reviewers see it. */
export function translate(ui: UiStrings, key: string, values: Record<string, string | number> = {}): string {
  const template = ui[key] ?? `[${key}]`;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
