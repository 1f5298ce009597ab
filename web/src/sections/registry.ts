import type { QueryClient } from '@tanstack/react-query';
import type { StaffMe } from '../api/types.ts';
import { callsSection } from './calls/index.ts';
import { campaignsSection } from './campaigns/index.ts';
import { customersSection } from './customers/index.ts';
import { dashboardsSection } from './dashboards/index.ts';
import { eventsSection } from './events/index.ts';
import { modelsSection } from './models/index.ts';
import { myWorkSection } from './my-work/index.ts';
import { opportunitiesSection } from './opportunities/index.ts';
import { peopleSection } from './people/index.ts';
import { pulsesSection } from './pulses/index.ts';
import { referralsSection } from './referrals/index.ts';
import { rulesSection } from './rules/index.ts';
import { segmentsSection } from './segments/index.ts';
import { settingsSection } from './settings/index.ts';
import { surveysSection } from './surveys/index.ts';
import { teamSection } from './team/index.ts';
import { tiersSection } from './tiers/index.ts';
import type { Section } from './types.ts';
import { winbackSection } from './winback/index.ts';

/**
 * Every section of the app, in navigation order. To add one (My work, Surveys, Dashboards…)
 * once its API exists: create sections/<name>/index.ts with defineSection and add it here.
 * See docs/web.md.
 */
export const sections: readonly Section[] = [
  customersSection,
  myWorkSection,
  callsSection,
  peopleSection,
  opportunitiesSection,
  pulsesSection,
  teamSection,
  dashboardsSection,
  modelsSection,
  referralsSection,
  tiersSection,
  rulesSection,
  segmentsSection,
  campaignsSection,
  eventsSection,
  winbackSection,
  surveysSection,
  settingsSection,
];

export const sectionsFor = (staff: StaffMe): Section[] =>
  sections.filter((s) => s.roles.includes(staff.role));

/** Matches "/customers/:id" against "/customers/0195…" and returns the parameters. */
function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, w] of want.entries()) {
    const g = got[i] ?? '';
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}

/** Starts the requests of the screen at `path`, if its section says how (see Section.routes). */
export function prefetchRoute(path: string, queryClient: QueryClient): void {
  for (const s of sections) {
    for (const r of s.routes) {
      const params = r.prefetch && match(r.path, path);
      if (params) r.prefetch?.(params, queryClient);
    }
  }
}
