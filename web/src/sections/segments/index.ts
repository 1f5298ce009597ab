import { lazy } from 'react';
import { IconUsers } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const SegmentsPage = lazy(() => import('./segments-page.tsx').then((m) => ({ default: m.SegmentsPage })));
const SegmentEditorPage = lazy(() =>
  import('./segment-editor-page.tsx').then((m) => ({ default: m.SegmentEditorPage })),
);

/**
 * Saved segments and their builder, for the roles that save them. Agents may read segments
 * through the API (and filter the customer list by one) but build none, so, as with rules, the
 * section is not in their navigation.
 */
export const segmentsSection = defineSection({
  id: 'segments',
  label: 'Segments',
  icon: IconUsers,
  href: '/segments',
  roles: ['admin', 'manager'],
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
