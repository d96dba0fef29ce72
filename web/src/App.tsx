import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { forgetSession } from './api/session';
import { createAppRouter } from './router';
import { theme } from './theme';

/** Client errors (4xx) are answers, not glitches: only network and server failures are retried. */
function shouldRetry(failureCount: number, error: unknown) {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: shouldRetry, refetchOnWindowFocus: false } },
});
const router = createAppRouter(queryClient);

// Any 401 outside login means the session ended: forget cached data and go back to the login page.
setUnauthorizedHandler(() => {
  forgetSession(queryClient);
  const { pathname, searchStr } = router.state.location;
  if (pathname !== '/login')
    void router.navigate({ to: '/login', search: { redirect: pathname + searchStr, expired: true } });
});

/** The web app: theme, notifications, data cache and routes. */
export function App() {
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
