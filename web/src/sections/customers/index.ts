import { IconUsers } from '../../ui/icons.tsx';
import { defineSection } from '../types.ts';
import { prefetchCustomer360 } from './api.ts';
import { Customer360Page, UUID } from './customer-360-page.tsx';
import { CustomersPage } from './customers-page.tsx';

// Loaded with the first page (not lazily): the 360 is what reps open most, and first.
export const customersSection = defineSection({
  id: 'customers',
  label: 'Customers',
  icon: IconUsers,
  href: '/customers',
  roles: ['admin', 'manager', 'agent'],
  requires: [
    '/api/v1/customers',
    '/api/v1/customers/{id}',
    '/api/v1/customers/{id}/timeline',
    '/api/v1/loyalty/customers/{customerId}/points',
    '/api/v1/loyalty/customers/{customerId}/history',
    '/api/v1/loyalty/rewards',
    '/api/v1/loyalty/customers/{customerId}/redemptions',
    '/api/v1/loyalty/customers/{customerId}/gifts',
    '/api/v1/loyalty/customers/{customerId}/rewards-link',
    '/api/v1/customers/{id}/interactions',
    '/api/v1/customers/assign-owner',
    '/api/v1/cases',
    '/api/v1/tasks',
    '/api/v1/tasks/{id}/complete',
    '/api/v1/promises',
    '/api/v1/staff',
    '/api/v1/outreach/customers/{customerId}/consent',
    '/api/v1/outreach/customers/{customerId}/refusals',
  ],
  routes: [
    { path: '/customers', component: CustomersPage },
    {
      path: '/customers/:id',
      component: Customer360Page,
      prefetch: ({ id }, qc) => id && UUID.test(id) && prefetchCustomer360(qc, id),
    },
  ],
});
