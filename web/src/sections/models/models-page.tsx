import { Alert, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import { Page } from '../../ui/page.tsx';
import { QueryView } from '../../ui/query-view.tsx';

// Diagnostics are free-form JSON in the API document (their shape follows the models): read defensively.
type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const fmt = (v: unknown, digits = 4) =>
  typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : '—';

function FitCard({ title, fit, params }: { title: string; fit: Json; params: Json }) {
  const limiting = rec(fit.limitingModel);
  const budget = rec(fit.budget);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm">
          {Object.entries(params)
            .filter(([, v]) => typeof v === 'number')
            .map(([k, v]) => `${k} = ${fmt(v)}`)
            .join(', ')}
          {' · '}log-likelihood {fmt(fit.logLikelihood, 8)} · {fmt(fit.customers)} customers ·{' '}
          {fit.converged ? 'converged' : 'not converged'} in {fmt(fit.evaluations)} evaluations
        </Text>
        {typeof budget.exhausted === 'string' && (
          <Alert color="orange" title="Stopped at its budget">
            The fit ran out of {budget.exhausted === 'evaluations' ? 'evaluations' : 'time'} before it
            converged; its figures are approximate.
          </Alert>
        )}
        {typeof fit.insufficientData === 'string' && <Alert color="orange">{fit.insufficientData}</Alert>}
        {list(fit.boundaries).map((b) => {
          const x = rec(b);
          return (
            <Text size="sm" key={`${x.parameter}-${x.side}`}>
              Boundary: <strong>{String(x.parameter)}</strong> at its {String(x.side)} bound:{' '}
              {String(x.meaning)}
            </Text>
          );
        })}
        {typeof limiting.name === 'string' && (
          <Alert color="blue" title={`Limiting model: ${limiting.name.toUpperCase()}`}>
            {String(limiting.reason)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function HoldoutCard({ evaluation }: { evaluation: Json }) {
  const chi = rec(evaluation.calibrationChiSquare);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Holdout check">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Holdout check ({fmt(evaluation.holdoutLength)} weeks)
        </Title>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Repeat purchases in calibration</Table.Th>
              <Table.Th>Customers</Table.Th>
              <Table.Th>Actual mean</Table.Th>
              <Table.Th>Expected mean</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list(evaluation.byFrequency).map((b) => {
              const x = rec(b);
              return (
                <Table.Tr key={String(x.frequency)}>
                  <Table.Td>{String(x.frequency)}</Table.Td>
                  <Table.Td>{fmt(x.customers, 8)}</Table.Td>
                  <Table.Td>{fmt(x.actualMean)}</Table.Td>
                  <Table.Td>{fmt(x.expectedMean)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Text size="sm">
          Correlation of expected and actual: {fmt(evaluation.correlation, 3)}
          {typeof chi.statistic === 'number' &&
            ` · calibration χ² ${fmt(chi.statistic)} on ${fmt(chi.degreesOfFreedom)} df, p = ${fmt(chi.pValue, 3)}`}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The latest successful run's purchase model, its boundary and limiting model, and the holdout check. */
export function ModelsPage() {
  const query = useQuery({
    queryKey: ['insight', 'models'] as const,
    queryFn: async ({ signal }) => data(api.GET('/api/v1/insight/models', { signal })),
  });
  return (
    <Page title="Models">
      <QueryView
        query={query}
        thing="model diagnostics"
        loading="Loading model diagnostics"
        isEmpty={(d) => d.run === null}
        empty={<Text c="dimmed">No scoring run yet. Run `tenure score` or wait for the nightly run.</Text>}
      >
        {(d) => {
          const model = (kind: string) => d.models.find((m) => m.kind === kind);
          const purchase = model('purchase');
          const holdout = model('holdout');
          const bg = rec(rec(holdout?.diagnostics).bgNbd);
          const pareto = rec(rec(holdout?.diagnostics).paretoNbd);
          return (
            <Stack gap="md">
              <Text size="sm" c="dimmed">
                Run of {d.run?.through} ({d.run?.customers} customers)
              </Text>
              {purchase && (
                <FitCard
                  title="Purchase model"
                  fit={rec(purchase.diagnostics)}
                  params={rec(rec(purchase.params.model).params)}
                />
              )}
              {holdout && <HoldoutCard evaluation={rec(bg.evaluation)} />}
              {holdout && typeof rec(pareto.fit).logLikelihood === 'number' && (
                <FitCard
                  title="Pareto/NBD comparison"
                  fit={rec(pareto.fit)}
                  params={rec(rec(holdout.params).paretoNbd)}
                />
              )}
            </Stack>
          );
        }}
      </QueryView>
    </Page>
  );
}
