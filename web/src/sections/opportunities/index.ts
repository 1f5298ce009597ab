import { lazy } from 'react';
import { IconCart } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const OpportunitiesPage = lazy(() =>
  import('./opportunities-page.tsx').then((m) => ({ default: m.OpportunitiesPage })),
);

export const opportunitiesSection = defineSection({
  id: 'opportunities',
  label: 'Opportunities',
  icon: IconCart,
  href: '/opportunities',
  roles: ['admin', 'manager', 'agent'],
  requires: [
    '/api/v1/people/opportunities',
    '/api/v1/people/opportunities/{id}/stage',
    '/api/v1/people/opportunities-report',
  ],
  routes: [{ path: '/opportunities', component: OpportunitiesPage }],
});
