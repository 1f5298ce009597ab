import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';

export type ReferralReport = Ok<'/api/v1/referrals/report', 'get'>;
export type CustomerReferrals = Ok<'/api/v1/referrals/customers/{customerId}', 'get'>;

export const useReferralReport = () =>
  useQuery({
    queryKey: ['referrals', 'report'],
    queryFn: ({ signal }) => data(api.GET('/api/v1/referrals/report', { signal })),
  });

export const useCustomerReferrals = (customerId: string) =>
  useQuery({
    queryKey: ['referrals', 'customer', customerId],
    queryFn: ({ signal }) =>
      data(api.GET('/api/v1/referrals/customers/{customerId}', { params: { path: { customerId } }, signal })),
  });
