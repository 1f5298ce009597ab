import { Tabs } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useLocation, useParams } from 'wouter';
import type { Role } from '../../api/types.ts';
import { hasRole, useSession } from '../../auth/session.tsx';
import { Page } from '../../ui/page.tsx';
import { AssignmentRulesPanel } from '../people/rules-panel.tsx';
import { ApiKeysPanel } from './api-keys-panel.tsx';
import { AuditPanel } from './audit-panel.tsx';
import { BudgetPanel } from './budget-panel.tsx';
import { HoursPanel } from './hours-panel.tsx';
import { LoyaltyPanel } from './loyalty-panel.tsx';
import { MailPanel } from './mail-panel.tsx';
import { RewardsPanel } from './rewards-panel.tsx';
import { StaffPanel } from './staff-panel.tsx';
import { TeamsPanel } from './teams-panel.tsx';
import { TiersPanel } from './tiers-panel.tsx';

type Tab = { value: string; label: string; roles: readonly Role[]; panel: (role: Role) => ReactNode };

/**
 * Each tab is shown to the roles its API lets act: teams and hours are managed by admins and
 * managers; the contact budget is read by both and changed by admins; staff, mail, API keys and
 * the audit log are admin-only.
 */
const tabs: readonly Tab[] = [
  { value: 'staff', label: 'Staff', roles: ['admin'], panel: () => <StaffPanel /> },
  { value: 'teams', label: 'Teams', roles: ['admin', 'manager'], panel: () => <TeamsPanel /> },
  {
    value: 'assignment',
    label: 'Assignment rules',
    roles: ['admin', 'manager'],
    panel: () => <AssignmentRulesPanel />,
  },
  { value: 'hours', label: 'Working hours', roles: ['admin', 'manager'], panel: () => <HoursPanel /> },
  {
    value: 'budget',
    label: 'Survey budget',
    roles: ['admin', 'manager'],
    panel: (role) => <BudgetPanel canEdit={role === 'admin'} />,
  },
  { value: 'email', label: 'Email (SMTP)', roles: ['admin'], panel: () => <MailPanel /> },
  { value: 'loyalty', label: 'Loyalty', roles: ['admin'], panel: () => <LoyaltyPanel /> },
  { value: 'tiers', label: 'Tiers', roles: ['admin'], panel: () => <TiersPanel /> },
  { value: 'rewards', label: 'Rewards', roles: ['admin'], panel: () => <RewardsPanel /> },
  { value: 'api-keys', label: 'API keys', roles: ['admin'], panel: () => <ApiKeysPanel /> },
  { value: 'audit', label: 'Audit log', roles: ['admin'], panel: () => <AuditPanel /> },
];

/** Settings: staff, teams and hours, the contact budget, outgoing mail, API keys and the audit log. */
export function SettingsPage() {
  const me = useSession();
  const { tab } = useParams<{ tab?: string }>();
  const [, navigate] = useLocation();
  const mine = tabs.filter((t) => hasRole(me, t.roles));
  const current = mine.find((t) => t.value === tab) ?? mine[0];
  // An address for a tab this role does not have (or no longer exists) shows the first tab.
  useEffect(() => {
    if (tab && current && tab !== current.value) navigate(`/settings/${current.value}`, { replace: true });
  }, [tab, current, navigate]);
  if (!current) return null;
  return (
    <Page title={`Settings: ${current.label}`} heading="Settings">
      <Tabs value={current.value} onChange={(t) => t && navigate(`/settings/${t}`)} keepMounted={false}>
        <Tabs.List>
          {mine.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {mine.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            {t.panel(me.role)}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}
