import { Group, NavLink } from '@mantine/core';
import { Link, useLocation } from 'wouter';

const tabs = [
  { href: '/rules', label: 'Red-flag rules' },
  { href: '/rules/playbooks', label: 'Playbooks' },
];

/** The two lists of the section, as links (each is its own address, so it can be bookmarked). */
export function SectionTabs() {
  const [location] = useLocation();
  return (
    <Group gap="xs" component="nav" aria-label="Rules and playbooks">
      {tabs.map((t) => {
        const active = location === t.href;
        return (
          <NavLink
            key={t.href}
            component={Link}
            href={t.href}
            label={t.label}
            active={active}
            aria-current={active ? 'page' : undefined}
            variant="light"
            w="auto"
            fw={500}
            style={{ borderRadius: 'var(--mantine-radius-sm)' }}
          />
        );
      })}
    </Group>
  );
}
