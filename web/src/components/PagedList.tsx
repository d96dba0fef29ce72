import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useFormat } from '../lib/format';
import { ListPagination } from './ListPagination';

/**
 * The frame of every paged named list: "<label> <total>", the list (or a quiet line when the page is empty) and
 * the page links. `totalProps` adds attributes to the total (tests read it by `data-testid`).
 */
export function PagedList({
  label,
  total,
  totalProps,
  empty,
  emptyText,
  page,
  pageSize,
  onPage,
  children,
}: {
  label: string;
  total: number;
  totalProps: Record<`data-${string}`, string | undefined>;
  empty: boolean;
  emptyText: string;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  children: ReactNode;
}) {
  const format = useFormat();
  return (
    <Stack gap="sm">
      <Text size="sm" aria-live="polite">
        {label}{' '}
        <Text span fw={700} {...totalProps}>
          {format.number(total)}
        </Text>
      </Text>
      {empty ? <Text c="dimmed">{emptyText}</Text> : children}
      <ListPagination total={total} pageSize={pageSize} page={page} onPage={onPage} />
    </Stack>
  );
}
