import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { Router } from 'wouter';
import { ApiError } from './api/client.ts';
import { meKey, meQuery, SessionProvider, useMe } from './auth/session.tsx';
import { SignInPage } from './auth/sign-in-page.tsx';
import { prefetchRoute } from './sections/registry.ts';
import { AppShellLayout } from './shell/app-shell.tsx';
import { ErrorPanel } from './ui/error-panel.tsx';
import { cssVariablesResolver, theme } from './ui/theme.ts';
import { useGuardedLocation } from './ui/unsaved-changes.ts';

const expiredKey = ['session-expired'] as const;

/** Any 401 after signing in means the session ended: show the sign-in page where the rep was. */
function onError(err: unknown) {
  if (err instanceof ApiError && err.status === 401 && queryClient.getQueryData(meKey)) {
    queryClient.setQueryData(expiredKey, true);
    queryClient.setQueryData(meKey, null);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A dropped connection is worth one more try; an answer from the API is not.
      retry: (count, err) => count < 1 && err instanceof ApiError && (err.status === 0 || err.status >= 502),
    },
    mutations: { retry: false },
  },
});

function Gate() {
  const me = useMe();
  const expired = useQuery({
    queryKey: expiredKey,
    queryFn: () => false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (me.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading Tenure" />
      </Center>
    );
  }
  if (me.isError) return <ErrorPanel error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <SignInPage expired={expired.data === true} />;
  return (
    <SessionProvider staff={me.data}>
      {/* In-app links ask first when a form has unsaved changes (ui/unsaved-changes.ts). */}
      <Router hook={useGuardedLocation}>
        <AppShellLayout />
      </Router>
    </SessionProvider>
  );
}

// The session check and the screen being opened start loading now, in parallel.
void queryClient.prefetchQuery(meQuery);
prefetchRoute(window.location.pathname, queryClient);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <Gate />
      </QueryClientProvider>
    </MantineProvider>
  );
}
