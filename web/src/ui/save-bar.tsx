import { Alert, Button, Group } from '@mantine/core';

/**
 * The end of an editing form: why the last save failed, in words (`error`, already described by
 * the caller, which knows the form's field names), then Save and Cancel.
 */
export function SaveBar({
  error,
  errorTitle = 'Not saved',
  pending,
  label,
  onCancel,
}: {
  error: string | null;
  errorTitle?: string;
  pending: boolean;
  label: string;
  onCancel: () => void;
}) {
  return (
    <>
      {error && (
        <Alert color="red" role="alert" title={errorTitle}>
          {error}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={pending}>
          {label}
        </Button>
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </>
  );
}
