import { lazy } from 'react';
import { IconClipboard } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const SurveysPage = lazy(() => import('./surveys-page.tsx').then((m) => ({ default: m.SurveysPage })));
const BuilderPage = lazy(() => import('./builder-page.tsx').then((m) => ({ default: m.BuilderPage })));
const SurveyPage = lazy(() => import('./survey-page.tsx').then((m) => ({ default: m.SurveyPage })));

export const surveysSection = defineSection({
  id: 'surveys',
  label: 'Surveys',
  icon: IconClipboard,
  href: '/surveys',
  roles: ['admin', 'manager'],
  requires: [
    '/api/v1/surveys',
    '/api/v1/surveys/{id}',
    '/api/v1/surveys/{id}/archive',
    '/api/v1/surveys/{id}/sends',
    '/api/v1/surveys/{id}/responses',
    '/api/v1/surveys/preview',
    '/api/v1/surveys/{id}/triggers',
    '/api/v1/surveys/{id}/triggers/{triggerId}',
    '/api/v1/feedback/summary',
    '/api/v1/feedback/themes',
    '/api/v1/feedback/lexicon',
    '/api/v1/feedback/responses/{id}/themes',
    '/api/v1/customers',
  ],
  routes: [
    { path: '/surveys', component: SurveysPage },
    { path: '/surveys/new', component: BuilderPage },
    { path: '/surveys/:id/edit', component: BuilderPage },
    { path: '/surveys/:id', component: SurveyPage },
  ],
});
