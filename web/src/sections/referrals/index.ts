import { lazy } from 'react';
import { IconHeart } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const ReferralsPage = lazy(() => import('./referrals-page.tsx').then((m) => ({ default: m.ReferralsPage })));

/** The managers' referral dashboard (the report: referred vs non-referred retention). */
export const referralsSection = defineSection({
  id: 'referrals',
  label: 'Referrals',
  icon: IconHeart,
  href: '/referrals',
  roles: ['admin', 'manager'],
  requires: ['/api/v1/referrals/report'],
  routes: [{ path: '/referrals', component: ReferralsPage }],
});
