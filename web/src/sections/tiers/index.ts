import { lazy } from 'react';
import { IconAward } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const TiersPage = lazy(() => import('./tiers-page.tsx').then((m) => ({ default: m.TiersPage })));

/** The managers' tier dashboard: members, moves, retention, revenue, who is close to the next tier. */
export const tiersSection = defineSection({
  id: 'tiers',
  label: 'Tiers',
  icon: IconAward,
  href: '/tiers',
  roles: ['admin', 'manager'],
  requires: ['/api/v1/loyalty/tiers/dashboard'],
  routes: [{ path: '/tiers', component: TiersPage }],
});
