import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { describeError } from '../../api/errors.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { type MailSettings, useMailSettings, useSendTestMail } from './api.ts';

/**
 * The test send's own errors already say in words what the SMTP server did ("refused to send to
 * …: 550 Mailbox unavailable", "SMTP is not configured: set SMTP_URL…"): show those as they are.
 */
function testSendError(err: unknown): string {
  if (err instanceof ApiError) {
    const smtp = typeof err.details === 'object' && err.details !== null && 'smtp' in err.details;
    if (smtp || err.status === 409) return err.message;
  }
  return describeError(err);
}

function security(m: MailSettings): string {
  if (m.secure) return 'TLS from the start (smtps://)';
  if (m.startTls) return 'STARTTLS when the server offers it';
  return 'No encryption (tls=off: for a local test server only)';
}

function Current({ mail }: { mail: MailSettings }) {
  const rows: [string, ReactNode][] = mail.configured
    ? [
        ['Server', `${mail.host}:${mail.port}`],
        ['Security', security(mail)],
        ['User', mail.user ?? 'none (no sign-in)'],
        ['Password', mail.passwordSet ? 'set (never shown)' : 'none'],
        ['Sender', mail.from],
      ]
    : [['Sender', mail.from]];
  return (
    <Table variant="vertical" layout="fixed" withTableBorder aria-label="Current mail settings" maw={640}>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={140}>Status</Table.Th>
          <Table.Td>
            {mail.configured ? (
              <Badge color="green" variant="light">
                Configured
              </Badge>
            ) : (
              <Badge color="yellow" variant="light">
                Not configured
              </Badge>
            )}
          </Table.Td>
        </Table.Tr>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th>{k}</Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function TestSend({ configured }: { configured: boolean }) {
  const me = useSession();
  const send = useSendTestMail();
  const [to, setTo] = useState(me.email);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(to.trim())) return setError('Enter a valid email address');
    send.mutate(to.trim());
  };
  return (
    <form onSubmit={submit} aria-labelledby="mail-test-heading">
      <Stack gap="sm" maw={640}>
        <Title order={2} size="h4" id="mail-test-heading">
          Send a test email
        </Title>
        <Text size="sm" c="dimmed">
          Sends one real email through the server above, so you know survey emails and notifications get out.
          {configured ? '' : ' Without SMTP_URL it cannot be sent.'}
        </Text>
        <Group align="flex-start" gap="xs">
          <TextInput
            label="Send to"
            type="email"
            required
            w={320}
            value={to}
            error={error}
            onChange={(e) => {
              setTo(e.currentTarget.value);
              setError(null);
              send.reset();
            }}
          />
          <Button type="submit" mt={25} loading={send.isPending}>
            Send test email
          </Button>
        </Group>
        {send.isSuccess && (
          <Alert color="green" role="status" title="Sent">
            The SMTP server accepted the test email to {send.data.to}. If it does not arrive within a few
            minutes, check the spam folder and the sender address.
          </Alert>
        )}
        {send.isError && (
          <Alert color="red" role="alert" title="Not sent">
            {testSendError(send.error)}
          </Alert>
        )}
      </Stack>
    </form>
  );
}

/** Outgoing email: what the environment configures, how to change it, and a real test send. */
export function MailPanel() {
  const mail = useMailSettings();
  if (mail.isError) return <ErrorPanel error={mail.error} onRetry={() => mail.refetch()} />;
  if (!mail.data) return null;
  const m = mail.data;
  return (
    <Stack gap="lg">
      {!m.configured && (
        <Alert color="yellow" title="Outgoing email is off">
          Survey emails, reminders and email notifications are not sent until an SMTP server is configured.
        </Alert>
      )}
      <Current mail={m} />
      <Paper withBorder radius="md" p="md" maw={640}>
        <Stack gap="xs">
          <Title order={2} size="h4">
            How to change it
          </Title>
          <Text size="sm">
            Mail settings come from the server's environment, so the SMTP password never sits in the database
            or on this page. Set these variables where Tenure runs, then restart it:
          </Text>
          <Code block>
            {[
              'SMTP_URL=smtp://user:password@smtp.example.com:587',
              '# or smtps://user:password@smtp.example.com:465 for TLS from the start',
              'TENURE_MAIL_FROM="Acme Care <care@acme.example>"',
            ].join('\n')}
          </Code>
          <Text size="sm" c="dimmed">
            Encode special characters in the user or password (an @ becomes %40).
          </Text>
        </Stack>
      </Paper>
      <TestSend configured={m.configured} />
    </Stack>
  );
}
