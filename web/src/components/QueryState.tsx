import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** A readable sentence for a failed call, by the server's stable error code. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: Error) =>
    error instanceof ApiError && t(`errors.${error.code}`, { defaultValue: '' })
      ? t(`errors.${error.code}`)
      : `${t('common.error')}: ${error.message}`;
}

/** Renders a query's data, or a loader while it loads, or the error with a retry button. */
export function QueryState<T>({
  query,
  children,
  minHeight = 120,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  minHeight?: number;
}) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error)
    return (
      <Alert color="red" title={t('common.error')} role="alert">
        <Stack gap="xs" align="flex-start">
          {describe(query.error)}
          <Button size="xs" variant="light" color="red" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  return (
    <Center mih={minHeight} aria-busy="true">
      <Loader size="sm" aria-label={t('common.loading')} />
    </Center>
  );
}
