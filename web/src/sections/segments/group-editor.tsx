import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import type { Field } from './api.ts';
import { type Condition, ConditionRow, defaultCondition } from './condition-row.tsx';

/** A group as edited: any depth here; the API refuses more than MAX_DEPTH and says so. */
export type GroupDraft = { match: 'all' | 'any'; conditions: (Condition | GroupDraft)[] };
type Item = GroupDraft['conditions'][number];
const isGroup = (x: Item): x is GroupDraft => 'match' in x;

/** The API's bound on nesting: the top group is level 1. */
export const MAX_DEPTH = 3;

/** An all/any group of conditions and, above the deepest level, groups of its own. */
export function GroupEditor({
  group,
  fields,
  depth,
  onChange,
  onRemove,
}: {
  group: GroupDraft;
  fields: Field[];
  depth: number;
  onChange: (g: GroupDraft) => void;
  onRemove?: () => void;
}) {
  const first = fields.find((f) => f.key === 'status') ?? fields[0];
  const replace = (i: number, item: Item) =>
    onChange({ ...group, conditions: group.conditions.map((x, j) => (j === i ? item : x)) });
  const remove = (i: number) =>
    onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) });
  const add = (item: Item) => onChange({ ...group, conditions: [...group.conditions, item] });
  return (
    <Paper withBorder={depth > 1} p={depth > 1 ? 'sm' : 0} radius="md">
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm">Customers matching</Text>
          <SegmentedControl
            size="xs"
            aria-label={depth === 1 ? 'Match' : `Match (group at level ${depth})`}
            value={group.match}
            onChange={(m) => onChange({ ...group, match: m as GroupDraft['match'] })}
            data={[
              { value: 'all', label: 'all' },
              { value: 'any', label: 'any' },
            ]}
          />
          <Text size="sm">of these conditions</Text>
          {onRemove && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={onRemove}>
              Remove group
            </Button>
          )}
        </Group>
        {group.conditions.map((item, i) =>
          isGroup(item) ? (
            <GroupEditor
              key={i}
              group={item}
              fields={fields}
              depth={depth + 1}
              onChange={(g) => replace(i, g)}
              onRemove={() => remove(i)}
            />
          ) : (
            <ConditionRow
              key={i}
              c={item}
              fields={fields}
              onChange={(c) => replace(i, c)}
              onRemove={() => remove(i)}
            />
          ),
        )}
        <Group gap="xs">
          <Button size="compact-sm" variant="light" onClick={() => first && add(defaultCondition(first))}>
            Add condition
          </Button>
          {depth < MAX_DEPTH && (
            <Button size="compact-sm" variant="subtle" onClick={() => add({ match: 'any', conditions: [] })}>
              Add group
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
