import { Alert, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import type { Definition, Field } from './api.ts';
import { usePreview } from './api.ts';

const show = (v: unknown) =>
  v === null || v === undefined
    ? '—'
    : Array.isArray(v)
      ? v.join(', ')
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** How many customers the definition matches now and who the first 20 are, as the author edits. */
/** "clv (EUR)" → "Customer lifetime value (EUR)", "custom.plan" → "Custom field: plan". */
function columnLabel(name: string, fields: Field[]): string {
  const m = /^([A-Za-z]+)(?:\.([^ ]+))?(?: \((\w+)\))?$/.exec(name);
  const f = fields.find((x) => x.key === m?.[1]);
  if (!m || !f) return name;
  return `${f.label}${m[2] ? `: ${m[2]}` : ''}${m[3] ? ` (${m[3]})` : ''}`;
}

export function PreviewPanel({ definition, fields }: { definition: Definition; fields: Field[] }) {
  const [debounced] = useDebouncedValue(JSON.stringify(definition), 400);
  const preview = usePreview(debounced);
  const p = preview.data;
  // Status is a column of its own already.
  const columns = (p?.fields ?? []).filter((f) => f !== 'status');
  const problem =
    preview.error instanceof ApiError && preview.error.status === 400 ? preview.error.message : null;
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Who is in it now
        </Title>
        <Text aria-live="polite" data-testid="segment-count" fw={600}>
          {preview.isPending ? (
            <Loader size="xs" aria-label="Counting" />
          ) : p ? (
            `${p.count.toLocaleString('en-US')} ${p.count === 1 ? 'customer matches' : 'customers match'}`
          ) : (
            '—'
          )}
          {preview.isFetching && !preview.isPending && <Loader size="xs" ml="xs" aria-label="Updating" />}
        </Text>
        {preview.isError && (
          <Alert color="red" role="alert" title="This definition cannot be counted">
            {problem ?? describeError(preview.error)}
          </Alert>
        )}
        {p && p.sample.length > 0 && (
          <Table.ScrollContainer minWidth={280}>
            <Table aria-label="Sample of matching customers" verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th>Status</Table.Th>
                  {columns.map((f) => (
                    <Table.Th key={f}>{columnLabel(f, fields)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.sample.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Link href={`/customers/${m.id}`}>{m.name ?? m.email ?? 'Unnamed customer'}</Link>
                    </Table.Td>
                    <Table.Td>{m.status}</Table.Td>
                    {columns.map((f) => (
                      <Table.Td key={f}>{show(m.fields[f])}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
