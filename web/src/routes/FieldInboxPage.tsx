import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldInboxQuery } from '../api/field';
import { ListPagination } from '../components/ListPagination';
import { QueryState } from '../components/QueryState';
import { useFormat } from '../lib/format';

/** Whether a visit's review is overdue or due within three days (as the server counts them). */
function dueState(dueAt: string): 'overdue' | 'dueSoon' | null {
  const left = Date.parse(dueAt) - Date.now();
  return left < 0 ? 'overdue' : left < 3 * 86_400_000 ? 'dueSoon' : null;
}

/** The reviewer inbox (Kotak masuk verifikasi): pending field visits of the area, conflicts and oldest first. */
export function FieldInboxPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const inbox = useQuery(fieldInboxQuery(page));
  return (
    <Stack gap="md" data-testid="page-field-inbox">
      <Title order={1} size="h3">
        {t('inbox.title')}
      </Title>
      <QueryState query={inbox}>
        {({ counts, items, total }) => (
          <>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              {(['pending', 'withConflicts', 'dueSoon', 'overdue'] as const).map((key) => (
                <Paper withBorder p="sm" key={key} data-testid={`inbox-count-${key}`}>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                    {t(`inbox.counts.${key}`)}
                  </Text>
                  <Text fz={24} fw={700} data-testid={`inbox-count-${key}-value`}>
                    {format.number(counts[key])}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
            {items.length === 0 ? (
              <Text c="dimmed">{t('inbox.empty')}</Text>
            ) : (
              <Paper withBorder>
                <Table.ScrollContainer minWidth={640}>
                  <Table highlightOnHover verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('inbox.household')}</Table.Th>
                        <Table.Th>{t('inbox.officer')}</Table.Th>
                        <Table.Th>{t('inbox.outcome')}</Table.Th>
                        <Table.Th>{t('inbox.captured')}</Table.Th>
                        <Table.Th>{t('inbox.due')}</Table.Th>
                        <Table.Th ta="right">{t('inbox.changes')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((item) => {
                        const due = dueState(item.dueAt);
                        return (
                          <Table.Tr
                            key={item.submissionId}
                            data-testid="inbox-item"
                            data-submission-id={item.submissionId}
                            style={{ cursor: 'pointer' }}
                            onClick={() =>
                              void navigate({
                                to: '/field-review/$submissionId',
                                params: { submissionId: String(item.submissionId) },
                              })
                            }
                          >
                            <Table.Td>
                              <Link
                                to="/field-review/$submissionId"
                                params={{ submissionId: String(item.submissionId) }}
                              >
                                #{item.householdId}
                              </Link>
                              <Text size="xs" c="dimmed">
                                {item.kelurahanName}
                              </Text>
                            </Table.Td>
                            <Table.Td>{item.officerName}</Table.Td>
                            <Table.Td>
                              {t(`field.outcomes.${item.outcome}`, { defaultValue: item.outcome })}
                            </Table.Td>
                            <Table.Td>{format.dateTime(item.capturedAt)}</Table.Td>
                            <Table.Td>
                              <Group gap={4}>
                                {format.date(item.dueAt)}
                                {due && (
                                  <Badge size="xs" color={due === 'overdue' ? 'red' : 'yellow'}>
                                    {t(`inbox.counts.${due}`)}
                                  </Badge>
                                )}
                              </Group>
                            </Table.Td>
                            <Table.Td ta="right">
                              <Group gap={4} justify="flex-end">
                                {t('inbox.clean', { count: item.clean })}
                                {item.conflicts > 0 && (
                                  <Badge size="xs" color="orange">
                                    {t('inbox.conflicts', { count: item.conflicts })}
                                  </Badge>
                                )}
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            )}
            <ListPagination page={page} pageSize={50} total={total} onPage={setPage} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
