import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';

// Every {{ output }} is HTML-escaped: nothing on these pages is markup from data.
const liquid = new Liquid({
  root: path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates'),
  extname: '.liquid',
  outputEscape: 'escape',
  cache: true,
  strictFilters: true,
});

export const renderReferralMessage = (heading: string, paragraphs: string[]): Promise<string> =>
  liquid.renderFile('message', { pageTitle: heading, heading, paragraphs }) as Promise<string>;

export const renderLanding = (v: {
  code: string;
  action: string;
  token: string;
  error?: string;
  name?: string;
  email?: string;
}): Promise<string> =>
  liquid.renderFile('landing', { pageTitle: 'A friend invited you', ...v }) as Promise<string>;
