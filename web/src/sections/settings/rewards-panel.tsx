import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { type Reward, rewardKeys, useRewards } from '../customers/rewards-api.ts';

type Kind = Reward['kind'];
type Draft = {
  name: string;
  description: string;
  kind: Kind;
  points: number;
  codeSource: 'generated' | 'pool';
  codePrefix: string;
  partnerName: string;
  partnerTerms: string;
  stock: number | '';
};
const empty: Draft = {
  name: '',
  description: '',
  kind: 'discount',
  points: 100,
  codeSource: 'generated',
  codePrefix: '',
  partnerName: '',
  partnerTerms: '',
  stock: '',
};

function useRewardMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: rewardKeys.catalogue });
  const create = useMutation({
    mutationFn: (d: Draft) =>
      data(
        api.POST('/api/v1/loyalty/rewards', {
          body: {
            name: d.name,
            description: d.description || null,
            kind: d.kind,
            points: d.points,
            codeSource: d.kind === 'discount' ? d.codeSource : d.kind === 'partner' ? 'pool' : 'none',
            codePrefix:
              d.kind === 'discount' && d.codeSource === 'generated' && d.codePrefix ? d.codePrefix : null,
            partnerName: d.kind === 'partner' ? d.partnerName : null,
            partnerTerms: d.kind === 'partner' && d.partnerTerms ? d.partnerTerms : null,
            stock: d.stock === '' ? null : d.stock,
            active: true,
          },
        }),
      ),
    onSuccess: done,
  });
  const patch = useMutation({
    mutationFn: (p: { id: string; active?: boolean; stock?: number | null }) =>
      data(
        api.PATCH('/api/v1/loyalty/rewards/{id}', {
          params: { path: { id: p.id } },
          body: { active: p.active, stock: p.stock },
        }),
      ),
    onSuccess: done,
  });
  const upload = useMutation({
    mutationFn: (p: { id: string; codes: string[] }) =>
      data(
        api.POST('/api/v1/loyalty/rewards/{id}/codes', {
          params: { path: { id: p.id } },
          body: { codes: p.codes },
        }),
      ),
    onSuccess: done,
  });
  return { create, patch, upload };
}

function UploadCodes({ reward }: { reward: Reward }) {
  const { upload } = useRewardMutations();
  const [text, setText] = useState('');
  const codes = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <form
      aria-label={`Upload codes for ${reward.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        upload.mutate({ id: reward.id, codes }, { onSuccess: () => setText('') });
      }}
    >
      <Stack gap={4}>
        <Textarea
          label={`Codes for ${reward.name}`}
          description="One per line (or separated by commas), as the shop or partner gave them"
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Group gap="xs">
          <Button type="submit" size="xs" disabled={codes.length === 0} loading={upload.isPending}>
            Upload {codes.length || ''} codes
          </Button>
          {upload.data && (
            <Text size="sm" role="status">
              {upload.data.added} added
              {upload.data.alreadyKnown ? `, ${upload.data.alreadyKnown} already known` : ''}
            </Text>
          )}
        </Group>
        {upload.error && (
          <Alert color="red" role="alert">
            {describeError(upload.error)}
          </Alert>
        )}
      </Stack>
    </form>
  );
}

/** Settings → Rewards: the catalogue (discounts, gifts, partner benefits), stock, and pool codes. */
export function RewardsPanel() {
  const rewards = useRewards();
  const { create, patch } = useRewardMutations();
  const [draft, setDraft] = useState<Draft>(empty);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...draft, [k]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(draft, { onSuccess: () => setDraft(empty) });
  };
  const list = rewards.data?.data ?? [];
  const pools = list.filter((r) => r.codeSource === 'pool');
  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Rewards catalogue
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          What points buy. Customers redeem on their rewards page, reps from the customer page; gifts are sent
          from a case or the call guide and cost the customer nothing.
        </Text>
        {rewards.error && (
          <ErrorPanel error={rewards.error} thing="rewards" onRetry={() => rewards.refetch()} />
        )}
        <Table aria-label="Rewards">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Reward</Table.Th>
              <Table.Th>Points</Table.Th>
              <Table.Th>Codes</Table.Th>
              <Table.Th>Stock</Table.Th>
              <Table.Th>Redeemed (used)</Table.Th>
              <Table.Th>Active</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  {r.name} <Badge variant="light">{r.kind}</Badge>
                  {r.partnerName && (
                    <Text size="xs" c="dimmed">
                      {r.partnerName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.points.toLocaleString()}</Table.Td>
                <Table.Td>
                  {r.codeSource === 'pool'
                    ? `pool: ${r.freeCodes} left`
                    : r.codeSource === 'generated'
                      ? 'generated'
                      : '—'}
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Stock of ${r.name}`}
                    size="xs"
                    w={110}
                    min={0}
                    allowDecimal={false}
                    placeholder="unlimited"
                    defaultValue={r.stock ?? ''}
                    onBlur={(e) => {
                      const v = e.currentTarget.value.trim();
                      const stock = v === '' ? null : Number(v);
                      if (stock !== r.stock && (stock === null || Number.isInteger(stock)))
                        patch.mutate({ id: r.id, stock });
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  {r.redeemed} ({r.used})
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${r.name} active`}
                    checked={r.active}
                    onChange={(e) => patch.mutate({ id: r.id, active: e.currentTarget.checked })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {patch.error && (
          <Alert color="red" role="alert" mt="xs">
            {describeError(patch.error)}
          </Alert>
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm">
          New reward
        </Title>
        <form onSubmit={submit} aria-label="New reward">
          <Stack gap="xs">
            <Group grow align="flex-start">
              <TextInput
                label="Name"
                required
                maxLength={200}
                value={draft.name}
                onChange={(e) => set('name', e.currentTarget.value)}
              />
              <Select
                label="Kind"
                data={[
                  { value: 'discount', label: 'Discount' },
                  { value: 'gift', label: 'Gift' },
                  { value: 'partner', label: 'Partner benefit' },
                ]}
                value={draft.kind}
                onChange={(v) => v && set('kind', v as Kind)}
                allowDeselect={false}
              />
              <NumberInput
                label="Points"
                min={0}
                max={10_000_000}
                allowDecimal={false}
                value={draft.points}
                onChange={(v) => set('points', typeof v === 'number' ? v : 0)}
              />
              <NumberInput
                label="Stock"
                placeholder="unlimited"
                min={0}
                allowDecimal={false}
                value={draft.stock}
                onChange={(v) => set('stock', typeof v === 'number' ? v : '')}
              />
            </Group>
            <TextInput
              label="Description"
              maxLength={2000}
              value={draft.description}
              onChange={(e) => set('description', e.currentTarget.value)}
            />
            {draft.kind === 'discount' && (
              <Group grow align="flex-start">
                <Select
                  label="Codes"
                  data={[
                    { value: 'generated', label: 'A new single-use code each time' },
                    { value: 'pool', label: 'From codes I upload' },
                  ]}
                  value={draft.codeSource}
                  onChange={(v) => v && set('codeSource', v as Draft['codeSource'])}
                  allowDeselect={false}
                />
                {draft.codeSource === 'generated' && (
                  <TextInput
                    label="Code prefix"
                    description="Capital letters and digits, e.g. TEN"
                    maxLength={12}
                    value={draft.codePrefix}
                    onChange={(e) => set('codePrefix', e.currentTarget.value.toUpperCase())}
                  />
                )}
              </Group>
            )}
            {draft.kind === 'partner' && (
              <Group grow align="flex-start">
                <TextInput
                  label="Partner"
                  required
                  maxLength={200}
                  value={draft.partnerName}
                  onChange={(e) => set('partnerName', e.currentTarget.value)}
                />
                <TextInput
                  label="Partner's terms"
                  maxLength={4000}
                  value={draft.partnerTerms}
                  onChange={(e) => set('partnerTerms', e.currentTarget.value)}
                />
              </Group>
            )}
            {create.error && (
              <Alert color="red" role="alert">
                {describeError(create.error)}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={create.isPending}>
                Add reward
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {pools.length > 0 && (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="sm">
            Code pools
          </Title>
          <Stack gap="md">
            {pools.map((r) => (
              <UploadCodes key={r.id} reward={r} />
            ))}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
