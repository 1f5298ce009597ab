import { lazy } from 'react';
import { IconChart } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const ScorecardPage = lazy(() => import('./scorecard-page.tsx').then((m) => ({ default: m.ScorecardPage })));

export const peopleSection = defineSection({
  id: 'scorecard',
  label: 'Scorecard',
  icon: IconChart,
  href: '/scorecard',
  roles: ['admin', 'manager', 'agent'],
  requires: ['/api/v1/people/scorecards/staff/{staffId}', '/api/v1/people/scorecards/teams/{teamId}'],
  routes: [{ path: '/scorecard', component: ScorecardPage }],
});
