import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, ApiError, setCsrfToken, unwrap } from './client';
import type { Session, SessionUser } from './types';

export const sessionKey = ['session'] as const;

/** The signed-in user (or null when nobody is): GET /auth/me, where 401 means "not signed in". */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async (): Promise<Session | null> => {
    try {
      const session = await unwrap(api.GET('/api/v1/auth/me'));
      setCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: Infinity,
  retry: false,
});

/** Signs in; on success the session is cached, so guarded pages open without asking again. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      unwrap(api.POST('/api/v1/auth/login', { body: credentials })),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionKey, session);
    },
  });
}

/** Signs out, forgets every cached answer (personal data must not outlive the session) and opens the login page. */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: async () => {
      await navigate({ to: '/login', replace: true });
      forgetSession(queryClient);
    },
  });
}

/** Drops the session and all cached data (after logout or when the server says the session ended). */
export function forgetSession(queryClient: ReturnType<typeof useQueryClient>) {
  setCsrfToken(null);
  queryClient.clear();
  queryClient.setQueryData(sessionKey, null);
}

/** The signed-in user from the session cache; null after sign-out (pages under the guard always have one). */
export function useSessionUser(): SessionUser | null {
  return useQuery(sessionQuery).data?.user ?? null;
}
