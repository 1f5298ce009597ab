import { lazy } from 'react';
import { IconHeart } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const PulsesPage = lazy(() => import('./pulses-page.tsx').then((m) => ({ default: m.PulsesPage })));
const PulsePage = lazy(() => import('./pulse-page.tsx').then((m) => ({ default: m.PulsePage })));

/** Employee pulses: the builder, rounds, anonymous results and each team's trend (managers and admins). */
export const pulsesSection = defineSection({
  id: 'pulses',
  label: 'Pulses',
  icon: IconHeart,
  href: '/pulses',
  roles: ['admin', 'manager'],
  requires: [
    '/api/v1/people/pulses',
    '/api/v1/people/pulses/{id}/results',
    '/api/v1/people/pulses/{id}/trend',
  ],
  routes: [
    { path: '/pulses', component: PulsesPage },
    { path: '/pulses/:id', component: PulsePage },
  ],
});
