import { lazy } from 'react';
import { IconMail } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const CampaignsPage = lazy(() => import('./campaigns-page.tsx').then((m) => ({ default: m.CampaignsPage })));
const NewCampaignPage = lazy(() =>
  import('./new-campaign-page.tsx').then((m) => ({ default: m.NewCampaignPage })),
);
const CampaignPage = lazy(() => import('./campaign-page.tsx').then((m) => ({ default: m.CampaignPage })));

/** One-off email campaigns to a saved segment: write, preview against a customer, launch, results. */
export const campaignsSection = defineSection({
  id: 'campaigns',
  label: 'Campaigns',
  icon: IconMail,
  href: '/campaigns',
  roles: ['admin', 'manager'],
  requires: [
    '/api/v1/campaigns',
    '/api/v1/campaigns/{id}',
    '/api/v1/campaigns/{id}/preview',
    '/api/v1/campaigns/{id}/launch',
  ],
  routes: [
    { path: '/campaigns', component: CampaignsPage },
    { path: '/campaigns/new', component: NewCampaignPage },
    { path: '/campaigns/:id', component: CampaignPage },
  ],
});
