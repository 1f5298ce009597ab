import { Alert, Button, Group } from '@mantine/core';
import { leaveWithoutAsking, useUnsavedChanges } from './unsaved-changes.ts';

/**
 * The end of an editing form: why the last save failed, in words (`error`, already described by
 * the caller, which knows the form's field names), then Save and Cancel. While `dirty`, leaving
 * the page (a link, closing the tab) asks first; Cancel leaves without asking. After a save, the
 * form navigates with `leaveWithoutAsking` (ui/unsaved-changes.ts).
 */
export function SaveBar({
  error,
  errorTitle = 'Not saved',
  pending,
  label,
  onCancel,
  dirty = false,
}: {
  error: string | null;
  errorTitle?: string;
  pending: boolean;
  label: string;
  onCancel: () => void;
  dirty?: boolean;
}) {
  useUnsavedChanges(dirty && !pending);
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
        <Button variant="default" onClick={() => leaveWithoutAsking(onCancel)}>
          Cancel
        </Button>
      </Group>
    </>
  );
}
