import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import { CONSENT_PURPOSES, type ConsentPurpose, PURPOSE_LABELS } from '../consent-model.ts';

// Every {{ output }} is HTML-escaped: nothing on these pages is markup from data.
const liquid = new Liquid({
  root: path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates'),
  extname: '.liquid',
  outputEscape: 'escape',
  cache: true,
  strictFilters: true,
});

export const renderMessage = (m: {
  heading: string;
  paragraphs: string[];
  form?: { action: string; button: string };
  preferencesPath?: string;
}): Promise<string> => liquid.renderFile('message', { pageTitle: m.heading, ...m }) as Promise<string>;

/** The preference centre: one checkbox per purpose for email, ticked unless refused. */
export const renderPreferences = (opts: {
  action: string;
  subscribed: Record<ConsentPurpose, boolean>;
  saved: boolean;
}): Promise<string> =>
  liquid.renderFile('preferences', {
    pageTitle: 'Your email preferences',
    action: opts.action,
    saved: opts.saved,
    purposes: CONSENT_PURPOSES.map((id) => ({ id, ...PURPOSE_LABELS[id], subscribed: opts.subscribed[id] })),
  }) as Promise<string>;
