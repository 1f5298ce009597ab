import { Badge } from '@mantine/core';
import type { CustomerStatus } from '../api/types.ts';
import { humanize } from './format.ts';

const colorOf: Record<CustomerStatus, string> = { active: 'green', lapsed: 'orange', churned: 'red' };

export function StatusBadge({ status, size = 'sm' }: { status: CustomerStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge color={colorOf[status]} variant="light" size={size}>
      {humanize(status)}
    </Badge>
  );
}
