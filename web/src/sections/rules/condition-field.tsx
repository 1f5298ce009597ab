import { Group, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Ref } from 'react';
import { describeError } from '../../api/errors.ts';
import { IconCheck } from '../../ui/icons.tsx';
import { type ConditionCheck, type Trigger, useConditionCheck } from './api.ts';

export type ConditionState = 'empty' | 'checking' | 'valid' | 'invalid' | 'unknown';

/** "Line 2, column 3: …", so the place is named without relying on colour or a caret. */
const messageOf = (c: ConditionCheck) =>
  c.position ? `Line ${c.position.line}, column ${c.position.column}: ${c.message}` : (c.message ?? '');

/**
 * Whether the condition as typed would be accepted, checked by the server a moment after typing
 * stops. The answer is only trusted for the text it was asked about.
 */
export function useConditionState(trigger: Trigger, condition: string) {
  const [debounced] = useDebouncedValue(condition, 300);
  const check = useConditionCheck(trigger, debounced);
  const current = check.data && !check.isPlaceholderData && debounced === condition ? check.data : undefined;
  const state: ConditionState = !condition.trim()
    ? 'empty'
    : check.isError
      ? 'unknown'
      : !current
        ? 'checking'
        : current.valid
          ? 'valid'
          : 'invalid';
  return { state, check, shown: check.data };
}

/**
 * The CEL condition in a monospace box. Its error is the field's error (aria-invalid,
 * aria-describedby); a polite live region says the outcome of each check to screen readers.
 */
export function ConditionField({
  value,
  onChange,
  condition,
  inputRef,
}: {
  value: string;
  onChange: (v: string) => void;
  condition: ReturnType<typeof useConditionState>;
  inputRef?: Ref<HTMLTextAreaElement>;
}) {
  const { state, check, shown } = condition;
  // While the next answer is on its way, the last one stays (no flicker at every key).
  const invalid = shown && !shown.valid && value.trim() ? messageOf(shown) : null;
  const status =
    state === 'empty'
      ? 'Write a condition that gives true or false.'
      : state === 'unknown'
        ? `The condition could not be checked: ${describeError(check.error)}`
        : state === 'valid'
          ? 'The condition is valid.'
          : state === 'invalid' && invalid
            ? `The condition has a problem. ${invalid}`
            : '';
  return (
    <>
      <Textarea
        ref={inputRef}
        label="Condition"
        required
        autosize
        minRows={3}
        maxLength={4000}
        spellCheck={false}
        autoComplete="off"
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        error={invalid}
        description={
          state === 'valid' || (shown?.valid && value.trim()) ? (
            <Group gap={4} component="span" c="green.9">
              <IconCheck size={14} />
              <span>Valid: it gives true or false.</span>
            </Group>
          ) : state === 'unknown' ? (
            <Text component="span" size="xs" c="orange.9">
              Could not check the condition just now; it is checked again on save.
            </Text>
          ) : (
            'Checked as you type.'
          )
        }
      />
      <VisuallyHidden aria-live="polite">{status}</VisuallyHidden>
    </>
  );
}
