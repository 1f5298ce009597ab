import { Badge, Group, Text, ThemeIcon } from '@mantine/core';
import type { Interaction, Staff } from '../../api/types.ts';
import {
  type AddressLike,
  formatAddress,
  formatDateTime,
  formatMoney,
  formatRelative,
  humanize,
} from '../../ui/format.ts';
import {
  type Icon,
  IconCart,
  IconCheck,
  IconEdit,
  IconMail,
  IconMessage,
  IconNote,
  IconPhone,
  IconStore,
  IconWorld,
} from '../../ui/icons.tsx';

const kindIcons: Record<string, { icon: Icon; color: string }> = {
  purchase: { icon: IconCart, color: 'green' },
  refund: { icon: IconCart, color: 'orange' },
  call: { icon: IconPhone, color: 'blue' },
  email: { icon: IconMail, color: 'indigo' },
  visit: { icon: IconStore, color: 'teal' },
  'profile-update': { icon: IconEdit, color: 'gray' },
  note: { icon: IconNote, color: 'gray' },
  ticket: { icon: IconMessage, color: 'red' },
  'survey-response': { icon: IconMessage, color: 'grape' },
  'consent-change': { icon: IconCheck, color: 'orange' },
};
const channelIcons: Record<string, Icon> = {
  phone: IconPhone,
  email: IconMail,
  'in-person': IconStore,
  web: IconWorld,
};

export function interactionIcon(i: Pick<Interaction, 'kind' | 'channel'>): { icon: Icon; color: string } {
  return kindIcons[i.kind] ?? { icon: channelIcons[i.channel] ?? IconMessage, color: 'cyan' };
}

/** How it went, from the sentiment a rep or a model gave it. */
export function sentimentLabel(s: number | null): { label: string; color: string } | null {
  if (s === null) return null;
  if (s >= 0.3) return { label: 'Went well', color: 'green' };
  if (s <= -0.3) return { label: 'Went badly', color: 'red' };
  return { label: 'Neutral', color: 'gray' };
}

const fieldLabels: Record<string, string> = {
  phones: 'Phone',
  emails: 'Email',
  address: 'Address',
  timeZone: 'Time zone',
  ownerId: 'Owner',
  name: 'Name',
  status: 'Status',
  locale: 'Language',
  lifecycleStage: 'Lifecycle stage',
  customFields: 'Custom fields',
};

function show(v: unknown, staffById: Map<string, Staff>, field?: string): string {
  if (field === 'address' && v && typeof v === 'object') return formatAddress(v as AddressLike) || '(none)';
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return '(none)';
  if (Array.isArray(v)) return v.map((x) => show(x, staffById)).join(', ');
  if (typeof v === 'string') return staffById.get(v)?.name ?? v;
  if (typeof v === 'object')
    return Object.values(v as Record<string, unknown>)
      .filter(Boolean)
      .join(', ');
  return String(v);
}

type Changes = Record<string, { from: unknown; to: unknown }>;
const changesOf = (i: Interaction): Changes | null => {
  const c = i.properties.changes;
  return c && typeof c === 'object' ? (c as Changes) : null;
};

/** A profile update as "Phone: +1 555 0100 → +1 555 0199", one line per field. */
export function ProfileChanges({
  interaction,
  staffById,
}: {
  interaction: Interaction;
  staffById: Map<string, Staff>;
}) {
  const changes = changesOf(interaction);
  if (!changes) return null;
  return (
    <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
      {Object.entries(changes).map(([field, { from, to }]) => (
        <li key={field}>
          <Text size="sm" span>
            <strong>{fieldLabels[field] ?? field}</strong>: {show(from, staffById, field)} →{' '}
            {show(to, staffById, field)}
          </Text>
        </li>
      ))}
    </ul>
  );
}

export function InteractionTitle({ interaction: i }: { interaction: Interaction }) {
  const title = i.kind === 'profile-update' ? 'Details updated' : humanize(i.kind);
  return (
    <Text fw={600} size="sm" component="span">
      {title}
      {i.subject && i.kind !== 'profile-update' ? `: ${i.subject}` : ''}
    </Text>
  );
}

export function InteractionMeta({
  interaction: i,
  staffById,
}: {
  interaction: Interaction;
  staffById: Map<string, Staff>;
}) {
  const who = i.staffId ? (staffById.get(i.staffId)?.name ?? 'a colleague') : null;
  const sentiment = sentimentLabel(i.sentiment);
  const parts = [
    i.channel !== 'system' ? humanize(i.channel) : null,
    i.direction && i.direction !== 'internal' ? i.direction : null,
    who ? `by ${who}` : i.source !== 'tenure' && i.source !== 'tenure-ui' ? `from ${i.source}` : null,
  ].filter(Boolean);
  return (
    <Group gap={6} wrap="wrap">
      <Text
        size="xs"
        c="dimmed"
        component="time"
        dateTime={i.occurredAt}
        title={formatDateTime(i.occurredAt)}
      >
        {formatRelative(i.occurredAt)} · {formatDateTime(i.occurredAt)}
      </Text>
      {parts.length > 0 && (
        <Text size="xs" c="dimmed">
          · {parts.join(' · ')}
        </Text>
      )}
      {i.amount && (
        <Badge size="sm" variant="light" color={i.kind === 'refund' ? 'orange' : 'green'}>
          {i.kind === 'refund' ? '−' : ''}
          {formatMoney(i.amount.minor, i.amount.currency)}
        </Badge>
      )}
      {sentiment && (
        <Badge size="sm" variant="light" color={sentiment.color}>
          {sentiment.label}
        </Badge>
      )}
    </Group>
  );
}

export function InteractionIcon({ interaction }: { interaction: Pick<Interaction, 'kind' | 'channel'> }) {
  const { icon: KindIcon, color } = interactionIcon(interaction);
  return (
    <ThemeIcon variant="light" color={color} radius="xl" size="lg">
      <KindIcon size={18} />
    </ThemeIcon>
  );
}
