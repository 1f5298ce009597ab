import { Anchor, Badge } from '@mantine/core';
import { Link } from 'wouter';
import type { Severity } from '../../api/types.ts';
import { humanize } from '../../ui/format.ts';
import { useCustomer } from '../customers/api.ts';
import { displayName } from '../customers/customer-360-page.tsx';

const severityColor: Record<Severity, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'gray',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge color={severityColor[severity]} variant={severity === 'critical' ? 'filled' : 'light'} size="sm">
      {humanize(severity)}
    </Badge>
  );
}

/**
 * The customer's name, linking to their 360. Lists pass the name they already carry; a single
 * case page reads the 360 (its own query, so opening the 360 next is instant).
 */
export function CustomerLink({ id, name }: { id: string; name?: string | null }) {
  return name !== undefined ? (
    <CustomerAnchor id={id} name={name ?? 'Customer'} />
  ) : (
    <LookedUpCustomer id={id} />
  );
}

function LookedUpCustomer({ id }: { id: string }) {
  const customer = useCustomer(id);
  const name = customer.data ? displayName(customer.data) : customer.isError ? 'Customer' : '…';
  return <CustomerAnchor id={id} name={name} />;
}

function CustomerAnchor({ id, name }: { id: string; name: string }) {
  return (
    <Anchor component={Link} href={`/customers/${id}`}>
      {name}
    </Anchor>
  );
}
