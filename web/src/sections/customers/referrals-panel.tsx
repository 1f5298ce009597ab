import { Anchor, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { useCustomerReferrals } from '../referrals/api.ts';

/** The customer's referral code and link, who referred them, and whom they referred. */
export function ReferralsPanel({ customerId }: { customerId: string }) {
  const q = useCustomerReferrals(customerId);
  if (q.isPending) return null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="referrals-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="referrals-heading">
          Referrals
        </Title>
        {q.isError && (
          <Text size="sm" c="red.9" role="alert">
            Could not load the referrals. Reload the page to try again.
          </Text>
        )}
        {q.data && (
          <>
            <Text size="sm">
              Code <Code aria-label="Referral code">{q.data.code}</Code> · link{' '}
              <Anchor href={q.data.link} size="sm">
                {q.data.link}
              </Anchor>
            </Text>
            <Text size="sm" aria-label="Referred by">
              {q.data.referredBy ? (
                <>
                  Referred by{' '}
                  <Anchor component={Link} href={`/customers/${q.data.referredBy.referrerId}`}>
                    {q.data.referredBy.referrerName ?? 'a customer'}
                  </Anchor>
                  {q.data.referredBy.creditedAt ? ' (credited)' : ' (credited on the first purchase)'}
                </>
              ) : (
                'Not referred by anyone.'
              )}
            </Text>
            {q.data.referred.length === 0 ? (
              <Text size="sm" c="dimmed">
                Has not referred anyone yet.
              </Text>
            ) : (
              <Stack
                gap={4}
                component="ul"
                style={{ listStyle: 'none', padding: 0, margin: 0 }}
                aria-label="Referred"
              >
                {q.data.referred.map((r) => (
                  <Text size="sm" component="li" key={r.id}>
                    <Anchor component={Link} href={`/customers/${r.referredId}`}>
                      {r.referredName ?? 'a customer'}
                    </Anchor>{' '}
                    {r.status === 'refused'
                      ? `— refused (${r.reason})`
                      : r.creditedAt
                        ? '— credited'
                        : '— waiting for the first purchase'}
                  </Text>
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
