import {
  AppShell,
  Avatar,
  Burger,
  Center,
  Group,
  Loader,
  Menu,
  NavLink,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { ChangePasswordModal } from '../auth/change-password.tsx';
import { useSession, useSignOut } from '../auth/session.tsx';
import { sectionsFor } from '../sections/registry.ts';
import { humanize } from '../ui/format.ts';
import { IconLogout } from '../ui/icons.tsx';
import { Logo } from './logo.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { NotificationBell } from './notification-bell.tsx';

const initials = (name: string) =>
  name
    .split(/[\s.@_-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

export function AppShellLayout() {
  const staff = useSession();
  const signOut = useSignOut();
  const [opened, { toggle, close }] = useDisclosure();
  const [passwordOpened, password] = useDisclosure();
  const [location] = useLocation();
  const sections = sectionsFor(staff);
  const home = sections[0]?.href ?? '/customers';

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Link href={home} aria-label="Tenure home" style={{ textDecoration: 'none' }}>
              <Logo />
            </Link>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationBell />
            <Menu position="bottom-end" width={220}>
              <Menu.Target>
                <UnstyledButton aria-label={`Account: ${staff.name}`}>
                  <Group gap="xs" wrap="nowrap">
                    <Avatar color="blue" radius="xl" size="sm">
                      {initials(staff.name)}
                    </Avatar>
                    <div style={{ lineHeight: 1.1 }}>
                      <Text size="sm" fw={600} visibleFrom="xs">
                        {staff.name}
                      </Text>
                      <Text size="xs" c="dimmed" visibleFrom="xs">
                        {humanize(staff.role)}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{staff.email}</Menu.Label>
                <Menu.Item onClick={password.open}>Change password</Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
          <ChangePasswordModal opened={passwordOpened} onClose={password.close} />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {sections
          .filter((s) => s.label)
          .map((s) => {
            const active = location === s.href || location.startsWith(`${s.href}/`);
            const SectionIcon = s.icon;
            return (
              <NavLink
                key={s.id}
                component={Link}
                href={s.href}
                label={s.label}
                active={active}
                aria-current={active ? 'page' : undefined}
                leftSection={SectionIcon ? <SectionIcon /> : null}
                onClick={close}
                fw={500}
              />
            );
          })}
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} bg="gray.0">
        <Suspense
          fallback={
            <Center p="xl">
              <Loader aria-label="Loading" />
            </Center>
          }
        >
          <Switch>
            <Route path="/">
              <Redirect to={home} replace />
            </Route>
            {sections.flatMap((s) =>
              s.routes.map((r) => <Route key={`${s.id}:${r.path}`} path={r.path} component={r.component} />),
            )}
            <Route component={NotFoundPage} />
          </Switch>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
