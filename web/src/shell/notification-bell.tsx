import { ActionIcon, Indicator } from '@mantine/core';
import { Link } from 'wouter';
import { useNotifications } from '../api/notifications.ts';
import { IconBell } from '../ui/icons.tsx';

/** The header's bell: how many notifications are unread, and the way to them. */
export function NotificationBell() {
  const list = useNotifications();
  const unread = list.data?.unreadCount ?? 0;
  return (
    <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} offset={4} color="red">
      <ActionIcon
        component={Link}
        href="/notifications"
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={unread ? `Notifications: ${unread} unread` : 'Notifications'}
      >
        <IconBell size={20} />
      </ActionIcon>
    </Indicator>
  );
}
