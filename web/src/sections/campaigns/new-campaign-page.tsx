import { Button, Group, NumberInput, Paper, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { useSegments } from '../segments/api.ts';
import { useCreateCampaign } from './api.ts';
import { initialKind, KindFields, kindBody } from './kind-fields.tsx';

const VARIABLES =
  'Variables: {{ customer.firstName }}, {{ customer.name }}, {{ lastPurchase.date }}, {{ lastPurchase.amount }}, ' +
  '{{ owner.name }}, {{ owner.signature }}. Links you write are tracked.';

/** The campaign editor: a draft is saved first, previewed and launched from its own page. */
export function NewCampaignPage() {
  const [, navigate] = useLocation();
  const segments = useSegments();
  const create = useCreateCampaign();
  const [f, setF] = useState({
    name: '',
    segmentId: '',
    subject: '',
    body: '',
    start: '09:00',
    end: '17:00',
    holdout: 10,
  });
  const [kind, setKind] = useState(initialKind);
  const set = (k: keyof typeof f) => (v: string | number) => setF({ ...f, [k]: v });
  const save = () =>
    create.mutate(
      {
        name: f.name,
        segmentId: f.segmentId,
        subject: f.subject,
        body: f.body,
        sendWindow: { start: f.start, end: f.end },
        holdoutShare: f.holdout / 100,
        ...kindBody(kind),
      },
      { onSuccess: (c) => navigate(`/campaigns/${c.id}`) },
    );
  return (
    <Page title="New campaign">
      <Paper withBorder radius="md" p="md">
        <Stack>
          <TextInput
            label="Name"
            value={f.name}
            onChange={(e) => set('name')(e.currentTarget.value)}
            maxLength={120}
          />
          <Select
            label="Segment"
            data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={f.segmentId || null}
            onChange={(v) => set('segmentId')(v ?? '')}
          />
          <KindFields k={kind} onChange={setKind} />
          <TextInput
            label="Subject"
            value={f.subject}
            onChange={(e) => set('subject')(e.currentTarget.value)}
            maxLength={300}
          />
          <Textarea
            label="Body"
            description={VARIABLES}
            autosize
            minRows={8}
            value={f.body}
            onChange={(e) => set('body')(e.currentTarget.value)}
          />
          <Group>
            <TextInput
              label="Send from (customer’s local time)"
              value={f.start}
              onChange={(e) => set('start')(e.currentTarget.value)}
              maxLength={5}
            />
            <TextInput
              label="Send until"
              value={f.end}
              onChange={(e) => set('end')(e.currentTarget.value)}
              maxLength={5}
            />
            <NumberInput
              label="Hold out (%)"
              min={0}
              max={50}
              value={f.holdout}
              onChange={(v) => set('holdout')(Number(v))}
            />
          </Group>
          {create.isError && <ErrorPanel error={create.error} thing="campaign" title="Not saved" />}
          <Group>
            <Button onClick={save} loading={create.isPending}>
              Save draft
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Page>
  );
}
