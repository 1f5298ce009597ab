import { lazy } from 'react';
import { IconHeart } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const TeamPage = lazy(() => import('./team-page.tsx').then((m) => ({ default: m.TeamPage })));

export const teamSection = defineSection({
  id: 'team',
  label: 'Team',
  icon: IconHeart,
  href: '/team',
  roles: ['admin', 'manager', 'agent'],
  requires: [
    '/api/v1/people/kudos',
    '/api/v1/people/kudos/counts',
    '/api/v1/people/reward-preferences/me',
    '/api/v1/people/reward-preferences/summary',
  ],
  routes: [{ path: '/team', component: TeamPage }],
});
