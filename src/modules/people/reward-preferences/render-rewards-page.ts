import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import { CUSTOMER_REWARDS, REWARD_LABELS } from './options.ts';

// Every {{ output }} is HTML-escaped: nothing on the page is markup from data.
const liquid = new Liquid({
  root: path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates'),
  extname: '.liquid',
  outputEscape: 'escape',
  cache: true,
  strictFilters: true,
});

/** The customer's own "which rewards do you value?" page, or a message in its frame (`form` absent). */
export const renderRewardsPage = (v: {
  heading: string;
  paragraphs: string[];
  form?: { action: string; choices: string[]; note: string; saved: boolean; error?: string };
  backPath?: string;
}): Promise<string> =>
  liquid.renderFile('rewards', {
    heading: v.heading,
    paragraphs: v.paragraphs,
    backPath: v.backPath,
    ...(v.form && {
      form: true,
      action: v.form.action,
      note: v.form.note,
      saved: v.form.saved,
      error: v.form.error,
      options: CUSTOMER_REWARDS.map((id) => ({
        id,
        label: REWARD_LABELS[id],
        checked: v.form?.choices.includes(id),
      })),
    }),
  }) as Promise<string>;
