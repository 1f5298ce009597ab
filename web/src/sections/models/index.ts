import { lazy } from 'react';
import { IconChart } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const ModelsPage = lazy(() => import('./models-page.tsx').then((m) => ({ default: m.ModelsPage })));

/** Model diagnostics of the latest scoring run, for managers: fit, boundary, limiting model, holdout, χ². */
export const modelsSection = defineSection({
  id: 'models',
  label: 'Models',
  icon: IconChart,
  href: '/models',
  roles: ['admin', 'manager'],
  requires: ['/api/v1/insight/models'],
  routes: [{ path: '/models', component: ModelsPage }],
});
