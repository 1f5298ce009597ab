import { lazy } from 'react';
import { IconFlag } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';

const RulesPage = lazy(() => import('./rules-page.tsx').then((m) => ({ default: m.RulesPage })));
const RuleEditorPage = lazy(() =>
  import('./rule-editor-page.tsx').then((m) => ({ default: m.RuleEditorPage })),
);
const PlaybooksPage = lazy(() => import('./playbooks-page.tsx').then((m) => ({ default: m.PlaybooksPage })));
const PlaybookEditorPage = lazy(() =>
  import('./playbook-editor-page.tsx').then((m) => ({ default: m.PlaybookEditorPage })),
);

/**
 * Red-flag rules and playbooks, for the roles the API lets manage them (manageLoop in
 * src/modules/loop/access.ts). Agents may read rules through the API but have nothing to do
 * with them in the workspace, so the section is not theirs.
 */
export const rulesSection = defineSection({
  id: 'rules',
  label: 'Rules',
  icon: IconFlag,
  href: '/rules',
  roles: ['admin', 'manager'],
  requires: [
    '/api/v1/rules',
    '/api/v1/rules/{id}',
    '/api/v1/rules/validate',
    '/api/v1/rules/dry-run',
    '/api/v1/loop/playbooks',
    '/api/v1/loop/playbooks/{id}',
  ],
  // Playbooks first: "/rules/:id" would also match "/rules/playbooks".
  routes: [
    { path: '/rules/playbooks', component: PlaybooksPage },
    { path: '/rules/playbooks/new', component: PlaybookEditorPage },
    { path: '/rules/playbooks/:id', component: PlaybookEditorPage },
    { path: '/rules', component: RulesPage },
    { path: '/rules/new', component: RuleEditorPage },
    { path: '/rules/:id', component: RuleEditorPage },
  ],
});
