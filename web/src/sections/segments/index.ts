import { lazy } from 'react';
import { IconUsers } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const SegmentsPage = lazy(() => import('./segments-page.tsx').then((m) => ({ default: m.SegmentsPage })));
const SegmentEditorPage = lazy(() =>
  import('./segment-editor-page.tsx').then((m) => ({ default: m.SegmentEditorPage })),
);

/**
 * Saved segments and their builder. Agents may look at segments (the API lets them read and
 * preview); saving is for managers and admins, so agents see the editor without a Save button.
 */
export const segmentsSection = defineSection({
  id: 'segments',
  label: 'Segments',
  icon: IconUsers,
  href: '/segments',
  roles: ['admin', 'manager', 'agent'],
  requires: [
    '/api/v1/segments',
    '/api/v1/segments/{id}',
    '/api/v1/segments/{id}/count',
    '/api/v1/segments/fields',
    '/api/v1/segments/preview',
  ],
  routes: [
    { path: '/segments', component: SegmentsPage },
    { path: '/segments/new', component: SegmentEditorPage },
    { path: '/segments/:id', component: SegmentEditorPage },
  ],
});
