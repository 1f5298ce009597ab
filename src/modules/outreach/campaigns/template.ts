import { Liquid } from 'liquidjs';
import { AppError } from '../../../kernel/errors.ts';
import type { CustomerView, LastPurchase } from '../../customers/index.ts';

// Strict filters: an unknown filter is a parse error the editor sees, not a silent blank in
// 10,000 emails. Unknown variables still render as nothing (`| default:` covers them).
// Limits keep a runaway loop in one template from stalling the send worker.
const liquid = new Liquid({
  cache: 200,
  ownPropertyOnly: true,
  strictFilters: true,
  strictVariables: false,
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
});

/** The documented variable set (docs/outreach.md, "Campaigns"). */
export type CampaignVars = {
  customer: { name: string; firstName: string; email: string };
  lastPurchase: { date: string; amount: string } | null;
  owner: { name: string; email: string; signature: string } | null;
  /** Win-back's offer (docs/outreach.md, "Win-back"); campaigns carry none. */
  offer?: { code: string; name: string } | null;
};

export function campaignVars(
  c: Pick<CustomerView, 'name' | 'emails' | 'locale'>,
  last: LastPurchase | null,
  owner: { name: string; email: string } | undefined,
): CampaignVars {
  const name = (c.name ?? '').trim();
  const amount =
    last?.amountMinor != null && last.currency
      ? new Intl.NumberFormat(c.locale ?? 'en', { style: 'currency', currency: last.currency }).format(
          last.amountMinor / 10 ** minorDigits(last.currency),
        )
      : '';
  return {
    customer: { name, firstName: name.split(/\s+/)[0] ?? '', email: c.emails[0] ?? '' },
    lastPurchase: last ? { date: last.at.toISOString().slice(0, 10), amount } : null,
    owner: owner ? { ...owner, signature: `${owner.name}\n${owner.email}` } : null,
  };
}

const minorDigits = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** Parses a template; a 400 naming the field and Liquid's own words when it does not parse. */
export function checkTemplate(field: 'subject' | 'body', source: string): void {
  try {
    liquid.parse(source);
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    throw new AppError('validation_failed', `${field}: the Liquid template does not parse: ${msg}`, {
      field,
    });
  }
}

export async function renderTemplate(source: string, vars: CampaignVars): Promise<string> {
  return (await liquid.parseAndRender(source, vars)) as string;
}

// A URL ends before whitespace, quotes or brackets; trailing sentence punctuation is not part of it.
const URL_RE = /https?:\/\/[^\s<>"'()[\]{}]+/g;
const trimUrl = (u: string) => u.replace(/[.,;:!?]+$/, '');

/**
 * The http(s) links written literally in a template, in order of first appearance. Only these
 * are ever redirect targets: a click token names an index into this list, so a link built from
 * customer data, or a forged token, cannot send anyone elsewhere.
 */
export function templateLinks(body: string): string[] {
  const found = (body.match(URL_RE) ?? []).map(trimUrl).filter((u) => !u.includes('{'));
  return [...new Set(found)];
}

/** Replaces each of the template's own links in rendered text with its tracked redirect. */
export function rewriteLinks(rendered: string, links: string[], tracked: (index: number) => string): string {
  return rendered.replace(URL_RE, (raw) => {
    const url = trimUrl(raw);
    const i = links.indexOf(url);
    return i < 0 ? raw : tracked(i) + raw.slice(url.length);
  });
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML part: the text escaped, paragraphs on blank lines, links clickable. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) =>
      escapeHtml(p).replace(/https?:\/\/[^\s<>"]+/g, (raw) => {
        const u = trimUrl(raw);
        return `<a href="${u}">${u}</a>${raw.slice(u.length)}`;
      }),
    )
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html><body>${paragraphs.join('\n')}</body></html>`;
}
