import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, data } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { Logo } from '../shell/logo.tsx';

export function SignInPage({ expired }: { expired?: boolean }) {
  const qc = useQueryClient();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter the email address you sign in with'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  const signIn = useMutation({
    mutationFn: (v: { email: string; password: string }) =>
      data(api.POST('/api/auth/login', { body: { email: v.email.trim(), password: v.password } })),
    // Requests made before signing in (the screen's prefetch, say) failed with 401: start afresh.
    onSuccess: () => qc.resetQueries(),
  });
  useEffect(() => {
    document.title = 'Sign in · Tenure';
  }, []);

  return (
    <Center mih="100vh" p="md" bg="gray.0" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={400}>
        <form onSubmit={form.onSubmit((v) => signIn.mutate(v))} noValidate>
          <Stack>
            <Logo size={36} />
            <div>
              <Title order={1} size="h2">
                Sign in
              </Title>
              <Text c="dimmed" size="sm">
                Every customer, every conversation, in one place.
              </Text>
            </div>
            {expired && !signIn.error && (
              <Alert color="yellow" role="status">
                Your session has ended. Sign in again to continue where you were.
              </Alert>
            )}
            {signIn.error && (
              <Alert color="red" role="alert" title="Could not sign in">
                {describeError(signIn.error, { signingIn: true })}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              data-autofocus
              autoFocus
              required
              withAsterisk={false}
              key={form.key('email')}
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              withAsterisk={false}
              key={form.key('password')}
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              No account yet? An admin creates it under Settings, or with <code>tenure user create</code>.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
