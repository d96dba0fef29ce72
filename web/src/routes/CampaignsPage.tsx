import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  campaignOfficersQuery,
  campaignPreviewQuery,
  campaignProgressQuery,
  campaignQuery,
  campaignsQuery,
  useAssignCampaign,
  useCampaignStatus,
  useCreateCampaign,
  type AssignResult,
  type Campaign,
  type CampaignPreview,
  type CampaignProgress,
  type CampaignStatus,
  type CreateCampaignBody,
} from '../api/campaigns';
import { useSessionUser } from '../api/session';
import { AnchorLink } from '../components/AnchorLink';
import { ListPagination } from '../components/ListPagination';
import { QueryState, useErrorMessage } from '../components/QueryState';
import { RegionPicker } from '../components/RegionPicker';
import { useFormat } from '../lib/format';

const statusColors: Record<CampaignStatus, string> = { draft: 'gray', active: 'teal', closed: 'dark' };

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' });

function StatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" data-testid="campaign-status" data-status={status}>
      {t(`campaigns.status.${status}`)}
    </Badge>
  );
}

/** Kampanye verifikasi: the campaigns of the area and a form for a new one. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const list = useQuery(campaignsQuery(page));
  return (
    <Stack gap="md" data-testid="page-campaigns">
      <Title order={1} size="h3">
        {t('campaigns.title')}
      </Title>
      <Text c="dimmed">{t('campaigns.intro')}</Text>
      <QueryState query={list}>
        {({ items, total }) =>
          items.length === 0 ? (
            <Text c="dimmed">{t('campaigns.empty')}</Text>
          ) : (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={640}>
                <Table highlightOnHover verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('campaigns.name')}</Table.Th>
                      <Table.Th>{t('campaigns.area')}</Table.Th>
                      <Table.Th>{t('campaigns.period')}</Table.Th>
                      <Table.Th>{t('campaigns.statusLabel')}</Table.Th>
                      <Table.Th ta="right">{t('campaigns.assigned')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((c) => (
                      <Table.Tr
                        key={c.id}
                        style={{ cursor: 'pointer' }}
                        onClick={() =>
                          void navigate({
                            to: '/campaigns/$campaignId',
                            params: { campaignId: String(c.id) },
                          })
                        }
                        data-testid="campaign-row"
                        data-campaign-id={c.id}
                      >
                        <Table.Td>
                          <AnchorLink to="/campaigns/$campaignId" params={{ campaignId: String(c.id) }}>
                            {c.name}
                          </AnchorLink>
                        </Table.Td>
                        <Table.Td>{c.areaCodes.join(', ')}</Table.Td>
                        <Table.Td>
                          {format.date(c.periodStart)} – {format.date(c.periodEnd)}
                        </Table.Td>
                        <Table.Td>
                          <StatusBadge status={c.status} />
                        </Table.Td>
                        <Table.Td ta="right">{format.number(c.assigned)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <ListPagination page={page} pageSize={25} total={total} onPage={setPage} />
            </Paper>
          )
        }
      </QueryState>
      <NewCampaignForm />
    </Stack>
  );
}

interface NewCampaignValues {
  name: string;
  purpose: string;
  area: string;
  periodStart: string;
  periodEnd: string;
  desilMin: number | string;
  desilMax: number | string;
  notVerifiedMonths: number | string;
  extremePoor: boolean;
  priorityKecamatan: boolean;
}

/** The campaign as the API takes it from the form: only the criteria that were set. */
function campaignBody(values: NewCampaignValues): CreateCampaignBody {
  const criteria: CreateCampaignBody['criteria'] = {};
  if (values.desilMin !== '' && values.desilMax !== '')
    criteria.desil = { min: Number(values.desilMin), max: Number(values.desilMax) };
  if (values.notVerifiedMonths !== '') criteria.notVerifiedMonths = Number(values.notVerifiedMonths);
  if (values.extremePoor) criteria.extremePoor = true;
  if (values.priorityKecamatan) criteria.priorityKecamatan = true;
  return {
    name: values.name.trim(),
    purpose: values.purpose.trim(),
    areaCodes: [values.area],
    periodStart: values.periodStart,
    periodEnd: values.periodEnd,
    criteria,
  };
}

function NewCampaignForm() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const navigate = useNavigate();
  const describe = useErrorMessage();
  const create = useCreateCampaign();
  const areaCode = user?.area.code ?? '31';
  const form = useForm<NewCampaignValues>({
    initialValues: {
      name: '',
      purpose: '',
      area: areaCode,
      periodStart: today(),
      periodEnd: '',
      desilMin: 1,
      desilMax: 4,
      notVerifiedMonths: 12,
      extremePoor: false,
      priorityKecamatan: false,
    },
    validate: {
      name: (v) => (v.trim().length < 3 ? t('campaigns.form.tooShort') : null),
      purpose: (v) => (v.trim().length < 3 ? t('campaigns.form.tooShort') : null),
      periodEnd: (v, values) => (!v || v < values.periodStart ? t('campaigns.form.periodEnd') : null),
    },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(campaignBody(values), {
      onSuccess: (campaign) =>
        void navigate({ to: '/campaigns/$campaignId', params: { campaignId: String(campaign.id) } }),
    }),
  );
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} data-testid="campaign-form">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('campaigns.form.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('campaigns.name')}
            {...form.getInputProps('name')}
            data-testid="campaign-name"
          />
          <Textarea
            label={t('campaigns.purpose')}
            autosize
            minRows={1}
            {...form.getInputProps('purpose')}
            data-testid="campaign-purpose"
          />
        </SimpleGrid>
        <Text size="sm" fw={500}>
          {t('campaigns.area')}
        </Text>
        <RegionPicker
          areaCode={areaCode}
          value={form.values.area}
          onChange={(code) => form.setFieldValue('area', code)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('campaigns.form.periodStart')}
            {...form.getInputProps('periodStart')}
            data-testid="campaign-start"
          />
          <TextInput
            type="date"
            label={t('campaigns.form.periodEndLabel')}
            {...form.getInputProps('periodEnd')}
            data-testid="campaign-end"
          />
        </SimpleGrid>
        <Text size="sm" fw={500}>
          {t('campaigns.form.criteria')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('campaigns.form.desilMin')}
            min={1}
            max={10}
            {...form.getInputProps('desilMin')}
          />
          <NumberInput
            label={t('campaigns.form.desilMax')}
            min={1}
            max={10}
            {...form.getInputProps('desilMax')}
          />
          <NumberInput
            label={t('campaigns.form.notVerifiedMonths')}
            min={1}
            max={120}
            {...form.getInputProps('notVerifiedMonths')}
          />
        </SimpleGrid>
        <Group>
          <Checkbox
            label={t('campaigns.form.extremePoor')}
            {...form.getInputProps('extremePoor', { type: 'checkbox' })}
          />
          <Checkbox
            label={t('campaigns.form.priorityKecamatan')}
            {...form.getInputProps('priorityKecamatan', { type: 'checkbox' })}
          />
        </Group>
        {create.error && (
          <Alert color="red" data-testid="campaign-form-error">
            {describe(create.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending} data-testid="campaign-create">
            {t('campaigns.form.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const route = getRouteApi('/signed-in/campaigns/$campaignId');

/** One campaign: its criteria and status, matching households by kelurahan, assignment and progress. */
export function CampaignPage() {
  const id = Number(route.useParams().campaignId);
  const campaign = useQuery(campaignQuery(id));
  return (
    <Stack gap="md" data-testid="page-campaign">
      <QueryState query={campaign}>{(c) => <CampaignDetail campaign={c} />}</QueryState>
    </Stack>
  );
}

function CampaignDetail({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const format = useFormat();
  const describe = useErrorMessage();
  const status = useCampaignStatus(campaign.id);
  const preview = useQuery(campaignPreviewQuery(campaign.id));
  const progress = useQuery(campaignProgressQuery(campaign.id));
  const change = (next: 'active' | 'closed') =>
    status.mutate(next, {
      onSuccess: () => notifications.show({ message: t(`campaigns.status.${next}`) }),
      onError: (error) => notifications.show({ color: 'red', message: describe(error) }),
    });
  const criteria = campaign.criteria;
  const parts = [
    criteria.desil && t('campaigns.criteria.desil', criteria.desil),
    criteria.notVerifiedMonths && t('campaigns.criteria.notVerified', { months: criteria.notVerifiedMonths }),
    criteria.extremePoor !== undefined &&
      t(criteria.extremePoor ? 'campaigns.criteria.extremePoor' : 'campaigns.criteria.notExtremePoor'),
    criteria.priorityKecamatan && t('campaigns.criteria.priority'),
    criteria.kecamatanCodes && criteria.kecamatanCodes.join(', '),
  ].filter(Boolean);
  return (
    <>
      <Stack gap={4}>
        <Group gap="xs">
          <Title order={1} size="h3" data-testid="campaign-title">
            {campaign.name}
          </Title>
          <StatusBadge status={campaign.status} />
        </Group>
        <Text c="dimmed">{campaign.purpose}</Text>
        <Text size="sm">
          {campaign.areaCodes.join(', ')} · {format.date(campaign.periodStart)} –{' '}
          {format.date(campaign.periodEnd)}
        </Text>
        <Text size="sm" data-testid="campaign-criteria">
          {parts.length > 0 ? parts.join(' · ') : t('campaigns.criteria.none')}
        </Text>
      </Stack>
      <Group>
        {campaign.status === 'draft' && (
          <Button onClick={() => change('active')} loading={status.isPending} data-testid="campaign-activate">
            {t('campaigns.activate')}
          </Button>
        )}
        {campaign.status === 'active' && (
          <Button
            variant="light"
            color="gray"
            onClick={() => change('closed')}
            loading={status.isPending}
            data-testid="campaign-close"
          >
            {t('campaigns.close')}
          </Button>
        )}
      </Group>
      <QueryState query={preview}>{(p) => <PreviewTable preview={p} />}</QueryState>
      {campaign.status === 'active' && preview.data && (
        <AssignForm campaignId={campaign.id} preview={preview.data} />
      )}
      <QueryState query={progress}>{(p) => <ProgressTables progress={p} />}</QueryState>
    </>
  );
}

function PreviewTable({ preview }: { preview: CampaignPreview }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md" data-testid="campaign-preview">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('campaigns.preview.title')}
        </Title>
        <Text size="sm" data-testid="campaign-matching" data-count={preview.totals.matching}>
          {t('campaigns.preview.totals', {
            matching: format.number(preview.totals.matching),
            assigned: format.number(preview.totals.assigned),
          })}
        </Text>
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('campaigns.kelurahan')}</Table.Th>
                <Table.Th>RW</Table.Th>
                <Table.Th ta="right">{t('campaigns.preview.matching')}</Table.Th>
                <Table.Th ta="right">{t('campaigns.assigned')}</Table.Th>
                <Table.Th ta="right">{t('campaigns.preview.unassigned')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.kelurahan.flatMap((k) => [
                <Table.Tr
                  key={k.kelurahanCode}
                  fw={600}
                  data-testid="preview-kelurahan"
                  data-code={k.kelurahanCode}
                >
                  <Table.Td>{k.kelurahanName}</Table.Td>
                  <Table.Td>{t('campaigns.allRw')}</Table.Td>
                  <Table.Td ta="right">{format.number(k.matching)}</Table.Td>
                  <Table.Td ta="right">{format.number(k.assigned)}</Table.Td>
                  <Table.Td ta="right">{format.number(k.unassigned)}</Table.Td>
                </Table.Tr>,
                ...k.rws.map((r) => (
                  <Table.Tr key={`${k.kelurahanCode}/${r.rw}`}>
                    <Table.Td />
                    <Table.Td>{r.rw}</Table.Td>
                    <Table.Td ta="right">{format.number(r.matching)}</Table.Td>
                    <Table.Td ta="right">{format.number(r.assigned)}</Table.Td>
                    <Table.Td ta="right">{format.number(r.unassigned)}</Table.Td>
                  </Table.Tr>
                )),
              ])}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}

function AssignForm({ campaignId, preview }: { campaignId: number; preview: CampaignPreview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const describe = useErrorMessage();
  const officers = useQuery(campaignOfficersQuery);
  const assign = useAssignCampaign(campaignId);
  const [officer, setOfficer] = useState<string | null>(null);
  const [kelurahan, setKelurahan] = useState<string | null>(preview.kelurahan[0]?.kelurahanCode ?? null);
  const [rw, setRw] = useState<string | null>(null);
  const [quota, setQuota] = useState<number | string>(20);
  const [result, setResult] = useState<AssignResult | null>(null);
  const rws = preview.kelurahan.find((k) => k.kelurahanCode === kelurahan)?.rws ?? [];
  const submit = () => {
    if (!officer || !kelurahan || quota === '') return;
    assign.mutate(
      {
        lines: [
          {
            officerId: Number(officer),
            kelurahanCode: kelurahan,
            ...(rw ? { rw } : {}),
            quota: Number(quota),
          },
        ],
      },
      { onSuccess: setResult },
    );
  };
  const line = result?.lines[0];
  return (
    <Paper withBorder p="md" data-testid="campaign-assign">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('campaigns.assign.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <Select
            label={t('campaigns.assign.officer')}
            data={(officers.data?.officers ?? []).map((o) => ({
              value: String(o.id),
              label: `${o.displayName} · ${o.regionName} (${format.number(o.assigned)})`,
            }))}
            value={officer}
            onChange={setOfficer}
            searchable
            data-testid="assign-officer"
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('campaigns.kelurahan')}
            data={preview.kelurahan.map((k) => ({ value: k.kelurahanCode, label: k.kelurahanName }))}
            value={kelurahan}
            onChange={(value) => {
              setKelurahan(value);
              setRw(null);
            }}
            data-testid="assign-kelurahan"
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="RW"
            placeholder={t('campaigns.allRw')}
            data={rws.map((r) => r.rw)}
            value={rw}
            onChange={setRw}
            clearable
            data-testid="assign-rw"
            comboboxProps={{ withinPortal: true }}
          />
          <NumberInput
            label={t('campaigns.assign.quota')}
            min={1}
            max={10_000}
            value={quota}
            onChange={setQuota}
            data-testid="assign-quota"
          />
        </SimpleGrid>
        {assign.error && <Alert color="red">{describe(assign.error)}</Alert>}
        {line && (
          <Alert
            color={line.shortfall > 0 ? 'yellow' : 'teal'}
            data-testid="assign-result"
            data-assigned={line.assigned}
          >
            {t('campaigns.assign.result', {
              assigned: format.number(line.assigned),
              held: format.number(line.held),
              shortfall: format.number(line.shortfall),
            })}
          </Alert>
        )}
        <Group>
          <Button
            onClick={submit}
            loading={assign.isPending}
            disabled={!officer || !kelurahan}
            data-testid="assign-submit"
          >
            {t('campaigns.assign.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ProgressTables({ progress }: { progress: CampaignProgress }) {
  const { t } = useTranslation();
  const format = useFormat();
  const header = (first: string) => (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>{first}</Table.Th>
        <Table.Th ta="right">{t('campaigns.assigned')}</Table.Th>
        <Table.Th ta="right">{t('campaigns.progress.visited')}</Table.Th>
        <Table.Th ta="right">{t('campaigns.progress.approved')}</Table.Th>
        <Table.Th ta="right">{t('campaigns.progress.remaining')}</Table.Th>
        <Table.Th ta="right">%</Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
  const cells = (c: CampaignProgress['totals']) => (
    <>
      <Table.Td ta="right">{format.number(c.assigned)}</Table.Td>
      <Table.Td ta="right">{format.number(c.visited)}</Table.Td>
      <Table.Td ta="right">{format.number(c.approved)}</Table.Td>
      <Table.Td ta="right">{format.number(c.remaining)}</Table.Td>
      <Table.Td ta="right">{format.number(c.percent, 1)}</Table.Td>
    </>
  );
  return (
    <Paper withBorder p="md" data-testid="campaign-progress">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('campaigns.progress.title')}
        </Title>
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={4} fz="sm">
            {header(t('campaigns.assign.officer'))}
            <Table.Tbody>
              {progress.officers.map((o) => (
                <Table.Tr key={o.officerId} data-testid="progress-officer" data-officer-id={o.officerId}>
                  <Table.Td>{o.officerName}</Table.Td>
                  {cells(o)}
                </Table.Tr>
              ))}
              <Table.Tr fw={600} data-testid="progress-total" data-assigned={progress.totals.assigned}>
                <Table.Td>{t('campaigns.progress.total')}</Table.Td>
                {cells(progress.totals)}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={4} fz="sm">
            {header(t('campaigns.kelurahan'))}
            <Table.Tbody>
              {progress.kelurahan.map((k) => (
                <Table.Tr key={k.kelurahanCode}>
                  <Table.Td>{k.kelurahanName}</Table.Td>
                  {cells(k)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}
