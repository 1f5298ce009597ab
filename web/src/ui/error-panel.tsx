import { Alert, Button, Group } from '@mantine/core';
import { describeError } from '../api/errors.ts';

/** An API error in words a rep understands, with a way to try again. */
export function ErrorPanel({
  error,
  onRetry,
  thing,
  title = 'Something is in the way',
}: {
  error: unknown;
  onRetry?: () => void;
  thing?: string;
  title?: string;
}) {
  return (
    <Alert color="red" role="alert" title={title} m="md">
      {describeError(error, { thing })}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  );
}
