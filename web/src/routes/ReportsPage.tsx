import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import {
  reportFileUrl,
  reportQuery,
  reportYears,
  type ReportDocument,
  type ReportParams,
} from '../api/reports';
import { useSessionUser } from '../api/session';
import { QueryState } from '../components/QueryState';
import { RegionPicker } from '../components/RegionPicker';

const route = getRouteApi('/signed-in/reports');

type Table = ReportDocument['sections'][number]['tables'][number];
type Cell = Table['rows'][number][number];

function formatCell(value: Cell, format: Table['columns'][number]['format'], locale: string): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  if (format === 'percent') return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: 1 })} %`;
  if (format === 'rupiah') return `Rp ${Math.round(value).toLocaleString(locale)}`;
  if (format === 'decimal') return value.toLocaleString(locale, { maximumFractionDigits: 2 });
  return Math.round(value).toLocaleString(locale);
}

/** Laporan: the yearly LP2KD of an area, previewed on the page and downloaded as PDF or XLSX. */
export function ReportsPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('reports.title')} · Tepat`);
  const user = useSessionUser();
  const navigate = route.useNavigate();
  const search = route.useSearch();
  const areaCode = user?.area.code ?? '31';
  const region = search.region ?? areaCode;
  const year = search.year ?? reportYears[0]!;
  const params: ReportParams = {
    kind: search.kind ?? 'lp2kd',
    region,
    year,
    quarter: search.quarter ?? Math.max(1, Math.floor(new Date().getMonth() / 3)),
  };
  const query = useQuery(reportQuery(params));
  return (
    <Stack gap="md" data-testid="page-reports">
      <Title order={1} fz={{ base: 22, sm: 28 }}>
        {t('reports.title')}
      </Title>
      <Text c="dimmed">{t('reports.intro')}</Text>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <SegmentedControl
            value={params.kind}
            onChange={(value) => void navigate({ search: (previous) => ({ ...previous, kind: value }) })}
            data={[
              { value: 'lp2kd', label: t('reports.kind.lp2kd') },
              { value: 'quarterly', label: t('reports.kind.quarterly') },
            ]}
            data-testid="report-kind"
          />
          <RegionPicker
            areaCode={areaCode}
            value={region}
            onChange={(next) =>
              void navigate({
                search: (previous) => ({ ...previous, region: next === areaCode ? undefined : next }),
              })
            }
          />
          <Group align="end">
            <Select
              label={t('reports.year')}
              data={reportYears.map(String)}
              value={String(year)}
              onChange={(value) =>
                value && void navigate({ search: (previous) => ({ ...previous, year: Number(value) }) })
              }
              allowDeselect={false}
              w={140}
              data-testid="report-year"
            />
            {params.kind === 'quarterly' && (
              <Select
                label={t('reports.quarter')}
                data={[1, 2, 3, 4].map((q) => ({
                  value: String(q),
                  label: t('reports.quarterN', { quarter: q }),
                }))}
                value={String(params.quarter)}
                onChange={(value) =>
                  value && void navigate({ search: (previous) => ({ ...previous, quarter: Number(value) }) })
                }
                allowDeselect={false}
                w={160}
                data-testid="report-quarter"
              />
            )}
            <Button component="a" href={reportFileUrl(params, 'pdf')} download data-testid="download-pdf">
              {t('reports.downloadPdf')}
            </Button>
            <Button
              component="a"
              variant="light"
              href={reportFileUrl(params, 'xlsx')}
              download
              data-testid="download-xlsx"
            >
              {t('reports.downloadXlsx')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <QueryState query={query} minHeight={240}>
        {(document) => <ReportPreview document={document} />}
      </QueryState>
    </Stack>
  );
}

function ReportPreview({ document }: { document: ReportDocument }) {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'id-ID';
  return (
    <Paper withBorder p="md" data-testid="report-preview">
      <Stack gap="md">
        <div>
          <Title order={2} fz={20}>
            {document.title}
          </Title>
          <Text fw={600} data-testid="report-subtitle">
            {document.subtitle}
          </Text>
        </div>
        {document.sections.map((section) => (
          <Stack key={section.heading} gap="xs">
            <Title order={3} fz={17} data-testid="report-section">
              {section.heading}
            </Title>
            {section.paragraphs.map((paragraph) => (
              <Text key={paragraph} size="sm">
                {paragraph}
              </Text>
            ))}
            {section.tables.map((table) => (
              <Stack key={table.title} gap={4}>
                <Text fw={600} size="sm">
                  {table.title}
                </Text>
                {table.rows.length === 0 ? (
                  <Alert variant="light" color="gray" p="xs">
                    –
                  </Alert>
                ) : (
                  <Table.ScrollContainer minWidth={640}>
                    <Table striped withTableBorder fz="xs">
                      <Table.Thead>
                        <Table.Tr>
                          {table.columns.map((column) => (
                            <Table.Th key={column.header} ta={column.format ? 'right' : 'left'}>
                              {column.header}
                            </Table.Th>
                          ))}
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {table.rows.map((row, r) => (
                          <Table.Tr key={r}>
                            {row.map((value, c) => (
                              <Table.Td key={c} ta={table.columns[c]?.format ? 'right' : 'left'}>
                                {formatCell(value, table.columns[c]?.format, locale)}
                              </Table.Td>
                            ))}
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </Stack>
            ))}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
