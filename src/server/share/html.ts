/**
 * HTML for the share pages, written on the server with every value escaped. No script and no
 * inline style anywhere (the Content-Security-Policy forbids both); the style sheet is a file.
 * Every page carries the crisis numbers at the top and the clinic's contact details at the bottom.
 */
import { CRISIS_RESOURCES } from '../../core/decision-aid/crisis.js';
import type { CardRow, ClientBlock, ClientSection } from '../../core/plans/client-view.js';
import type { PlanLanguage } from '../../core/plans/vocabulary.js';
import { telOf } from '../../core/plans/transition-words.js';
import { PLAN_WORDS } from '../../core/plans/words.js';
import type { Organization } from '../../storage/records.js';

export const SHARE_CSS_PATH = '/share/assets/share.css';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function cardRowHtml(row: CardRow): string {
  const value =
    row.tel === undefined ? escapeHtml(row.text) : `<a href="${escapeHtml(row.tel)}">${escapeHtml(row.text)}</a>`;
  return row.label === '' ? `<dd class="note">${value}</dd>` : `<dt>${escapeHtml(row.label)}</dt><dd>${value}</dd>`;
}

function blockHtml(block: ClientBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'subheading':
      return `<h3>${escapeHtml(block.text)}</h3>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'steps':
      return `<p>${escapeHtml(block.intro)}</p><ol>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ol>`;
    case 'card':
      return `<div class="card"><h3>${escapeHtml(block.title)}</h3><dl>${block.rows.map(cardRowHtml).join('')}</dl></div>`;
  }
}

/** The sections of a client view. */
export function sectionsHtml(sections: readonly ClientSection[]): string {
  return sections
    .map(
      (section) =>
        `<section aria-labelledby="s-${section.id}"><h2 id="s-${section.id}">${escapeHtml(section.heading)}</h2>${section.blocks.map(blockHtml).join('')}</section>`,
    )
    .join('\n');
}

function crisisBar(language: PlanLanguage): string {
  const { lifeline, emergency, helpline } = CRISIS_RESOURCES;
  return `<header class="crisis"><p>${escapeHtml(PLAN_WORDS[language].phrases.crisisBar)}</p><p><a href="${lifeline.call}">${lifeline.number}</a><a href="${emergency.call}">${emergency.number}</a><a href="${helpline.call}">${helpline.number}</a></p></header>`;
}

/** The clinic's name and contact details. */
export function clinicHtml(organization: Organization | null, language: PlanLanguage): string {
  if (!organization) return '';
  const words = PLAN_WORDS[language];
  const lines = [`<p><strong>${escapeHtml(organization.name)}</strong></p>`];
  if (organization.phone) {
    lines.push(
      `<p>${escapeHtml(words.phrases.phone)}: <a href="${escapeHtml(telOf(organization.phone))}">${escapeHtml(organization.phone)}</a></p>`,
    );
  }
  if (organization.address)
    lines.push(`<p>${escapeHtml(words.phrases.address)}: ${escapeHtml(organization.address)}</p>`);
  if (organization.email) {
    lines.push(
      `<p>${escapeHtml(words.phrases.email)}: <a href="mailto:${escapeHtml(organization.email)}">${escapeHtml(organization.email)}</a></p>`,
    );
  }
  return `<footer class="clinic"><h2>${escapeHtml(words.headings.clinic)}</h2>${lines.join('')}</footer>`;
}

export interface PageParts {
  language: PlanLanguage;
  title: string;
  /** The page's own address without a query, for the language switch. */
  path: string | null;
  body: string;
  organization: Organization | null;
}

/** A whole page: crisis bar, language switch, the body, the clinic. */
export function page(parts: PageParts): string {
  const other: PlanLanguage = parts.language === 'en' ? 'es' : 'en';
  const switcher =
    parts.path === null
      ? ''
      : `<nav class="lang" aria-label="Language"><a href="${escapeHtml(parts.path)}?lang=${other}" hreflang="${other}" lang="${other}">${escapeHtml(PLAN_WORDS[parts.language].phrases.languageSwitch)}</a></nav>`;
  return `<!doctype html>
<html lang="${parts.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(parts.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${SHARE_CSS_PATH}">
</head>
<body>
${crisisBar(parts.language)}
${switcher}
<main id="main">
${parts.body}
</main>
${clinicHtml(parts.organization, parts.language)}
</body>
</html>
`;
}
