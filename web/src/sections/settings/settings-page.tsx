import { Tabs } from '@mantine/core';
import { useLocation, useParams } from 'wouter';
import { Page } from '../../ui/page.tsx';
import { ApiKeysPanel } from './api-keys-panel.tsx';
import { AuditPanel } from './audit-panel.tsx';
import { StaffPanel } from './staff-panel.tsx';

const tabs = { staff: 'Staff', 'api-keys': 'API keys', audit: 'Audit log' } as const;
type Tab = keyof typeof tabs;
const isTab = (t: string | undefined): t is Tab => !!t && t in tabs;

/** Admin settings. Teams, working hours, SMTP and the survey budget join as their APIs land. */
export function SettingsPage() {
  const { tab } = useParams<{ tab?: string }>();
  const [, navigate] = useLocation();
  const current: Tab = isTab(tab) ? tab : 'staff';
  return (
    <Page title={`Settings: ${tabs[current]}`} heading="Settings">
      <Tabs value={current} onChange={(t) => t && navigate(`/settings/${t}`)} keepMounted={false}>
        <Tabs.List>
          {Object.entries(tabs).map(([value, label]) => (
            <Tabs.Tab key={value} value={value}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="staff" pt="md">
          <StaffPanel />
        </Tabs.Panel>
        <Tabs.Panel value="api-keys" pt="md">
          <ApiKeysPanel />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditPanel />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
