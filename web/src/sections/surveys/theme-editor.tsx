import { Alert, Button, Group, MultiSelect, Popover, Stack } from '@mantine/core';
import { useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { type SurveyResponse, type ThemeDefinition, useCorrectThemes } from './results-api.ts';

/**
 * Correct the themes of one answer (POST /api/v1/feedback/responses/:id/themes). The results
 * count the corrected themes; the automatic ones stay on record, as does who corrected them.
 */
export function ThemeEditor({
  response,
  lexicon,
  label,
}: {
  response: SurveyResponse;
  lexicon: ThemeDefinition[];
  label: string;
}) {
  const [opened, setOpened] = useState(false);
  const [themes, setThemes] = useState(response.themes);
  const correct = useCorrectThemes(response.surveyId);
  // Retired themes still on the answer stay choosable, so removing nothing never drops them.
  const data = [
    ...lexicon
      .filter((t) => t.active || response.themes.includes(t.slug))
      .map((t) => ({ value: t.slug, label: t.label })),
    ...response.themes.filter((s) => !lexicon.some((t) => t.slug === s)).map((s) => ({ value: s, label: s })),
  ];
  const open = () => {
    setThemes(response.themes);
    correct.reset();
    setOpened(true);
  };
  const unchanged =
    themes.length === response.themes.length && themes.every((t) => response.themes.includes(t));
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-end" width={320} withArrow>
      <Popover.Target>
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => (opened ? setOpened(false) : open())}
          aria-label={label}
        >
          Edit themes
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            correct.mutate({ response, themes }, { onSuccess: () => setOpened(false) });
          }}
        >
          <Stack gap="xs">
            <MultiSelect
              label="Themes of this comment"
              data={data}
              value={themes}
              onChange={setThemes}
              searchable
              comboboxProps={{ withinPortal: false }}
            />
            {correct.isError && (
              <Alert color="red" role="alert" p="xs">
                {describeError(correct.error, { thing: 'response' })}
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button size="xs" type="submit" disabled={unchanged} loading={correct.isPending}>
                Save themes
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
