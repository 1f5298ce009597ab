import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { customerKeys } from './api.ts';

export type Consent = Ok<'/api/v1/outreach/customers/{customerId}/consent', 'get'>;
export type ConsentCell = Consent['cells'][number];
export type ConsentChange = Pick<ConsentCell, 'channel' | 'purpose' | 'state'>;
export type ConsentPut = {
  cells?: ConsentChange[];
  quietHours?: { from: string; to: string } | null;
  source?: string;
  note?: string;
};
export type Refusal = Ok<'/api/v1/outreach/customers/{customerId}/refusals', 'get'>['data'][number];

export const consentKeys = {
  consent: (id: string) => ['consent', id] as const,
  refusals: (id: string) => ['consent', id, 'refusals'] as const,
};

const consentQuery = (id: string) =>
  queryOptions({
    queryKey: consentKeys.consent(id),
    queryFn: ({ signal }) =>
      data(
        api.GET('/api/v1/outreach/customers/{customerId}/consent', {
          params: { path: { customerId: id } },
          signal,
        }),
      ),
  });

export const useConsent = (id: string) => useQuery(consentQuery(id));

/** The latest contacts the one check refused, with the rule that stopped each. */
export const useRefusals = (id: string) =>
  useQuery({
    queryKey: consentKeys.refusals(id),
    queryFn: async ({ signal }) =>
      (
        await data(
          api.GET('/api/v1/outreach/customers/{customerId}/refusals', {
            params: { path: { customerId: id }, query: { limit: 5 } },
            signal,
          }),
        )
      ).data,
  });

/** Records choices; the answer is the new matrix, and the timeline gains a "consent" entry. */
export function useSetConsent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsentPut) =>
      data(
        api.PUT('/api/v1/outreach/customers/{customerId}/consent', {
          params: { path: { customerId: id } },
          body: { source: 'staff', ...body },
        }),
      ),
    onSuccess: (consent) => {
      qc.setQueryData(consentKeys.consent(id), consent);
      void qc.invalidateQueries({ queryKey: customerKeys.timeline(id) });
    },
  });
}
