import { Center, Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Page links under a list; nothing when the list fits on one page. */
export function ListPagination({
  total,
  pageSize,
  page,
  onPage,
}: {
  total: number;
  pageSize: number;
  page: number;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  if (total <= pageSize) return null;
  return (
    <Center>
      <Pagination
        total={Math.ceil(total / pageSize)}
        value={page}
        onChange={onPage}
        size="sm"
        siblings={1}
        aria-label={t('search.pagination')}
      />
    </Center>
  );
}
