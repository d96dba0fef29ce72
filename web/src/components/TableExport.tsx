import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadTable, type TableExport as Table, type TableExportFormat } from '../api/reports';

const formats: TableExportFormat[] = ['xlsx', 'csv', 'pdf'];

/**
 * "Unduh" on a table: the rows the page shows, written by the server as XLSX, CSV or PDF (issue 5: every table
 * exportable). `table` is built on click, so a large table costs nothing until it is asked for.
 */
export function TableExport({ table, testId }: { table: () => Table; testId?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<TableExportFormat | null>(null);
  const download = (format: TableExportFormat) => {
    setBusy(format);
    downloadTable(table(), format)
      .catch((error: unknown) =>
        notifications.show({
          color: 'red',
          message: t('tableExport.failed', {
            message: error instanceof Error ? error.message : String(error),
          }),
        }),
      )
      .finally(() => setBusy(null));
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="compact-xs" variant="subtle" loading={busy !== null} data-testid={testId}>
          {t('tableExport.download')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {formats.map((format) => (
          <Menu.Item
            key={format}
            onClick={() => download(format)}
            data-testid={testId && `${testId}-${format}`}
          >
            {t(`tableExport.${format}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
