import { Alert, Button, Group } from '@mantine/core';
import { describeError } from '../../api/errors.ts';

/** The end of a settings form: why the last save failed, in words, then Cancel and Save. */
export function SaveBar({
  error,
  thing,
  pending,
  label,
  onCancel,
}: {
  error: unknown;
  thing: string;
  pending: boolean;
  label: string;
  onCancel: () => void;
}) {
  return (
    <>
      {error ? (
        <Alert color="red" role="alert" title="Not saved">
          {describeError(error, { thing })}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          {label}
        </Button>
      </Group>
    </>
  );
}
