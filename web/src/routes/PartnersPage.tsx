import {
  Alert,
  Badge,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  assignedHouseholdsQuery,
  contributionsQuery,
  needsQuery,
  organisationsQuery,
  pledgesQuery,
  useAssignHousehold,
  useChangePledgeStatus,
  useCreatePledge,
  useRecordConsent,
  useOverlapCheck,
  useReportDeliveries,
  useSaveOrganisation,
  type OrganisationBody,
  type AssignedHousehold,
  type Pledge,
} from '../api/partners';
import { useSessionUser } from '../api/session';
import type { Role } from '../api/types';
import { MutationError } from '../components/MutationError';
import { QueryState, useErrorMessage } from '../components/QueryState';
import { TableExport } from '../components/TableExport';
import { useFormat } from '../lib/format';

/** Roles that see every partner, pledge and contribution (aggregates). */
const monitoringRoles: readonly Role[] = ['secretariat', 'kota_tkpk', 'inspector'];
/** Roles that record consent and assign households (src/modules/partners/partners.service.ts `consentRoles`). */
const consentRoles: readonly Role[] = ['secretariat', 'kecamatan_operator', 'kelurahan_operator'];
/** Roles that may use the overlap check (src/modules/partners/partners.overlap.ts). */
const overlapRoles: readonly Role[] = ['partner', 'agency'];

const pillarOptions = (t: (key: string) => string) =>
  ['1', '2', '3', '4'].map((p) => ({ value: p, label: t(`partners.pillar.${p}`) }));

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' });

/** Mitra: a partner's pledges, consented households, delivery reports and overlap check; the secretariat's overview. */
export function PartnersPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  if (!user) return null;
  const isPartner = user.role === 'partner';
  return (
    <Stack gap="lg" data-testid="page-partners">
      <Title order={1} size="h3">
        {t('partners.title')}
      </Title>
      <Text c="dimmed">{isPartner ? t('partners.introPartner') : t('partners.introStaff')}</Text>
      {monitoringRoles.includes(user.role) && <OrganisationsPanel canEdit={user.role === 'secretariat'} />}
      {(isPartner || monitoringRoles.includes(user.role) || user.role === 'agency') && (
        <PledgesPanel canCreate={isPartner} />
      )}
      {consentRoles.includes(user.role) && <ConsentPanel />}
      {isPartner && <HouseholdsPanel />}
      {overlapRoles.includes(user.role) && <OverlapPanel />}
      {(isPartner || monitoringRoles.includes(user.role) || user.role === 'agency') && (
        <ContributionsPanel region={user.area.code} />
      )}
      <NeedsPanel region={user.area.code} />
    </Stack>
  );
}

function OrganisationsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useQuery(organisationsQuery);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('partners.organisations')}
      </Title>
      <QueryState query={query}>
        {({ items }) => (
          <Table data-testid="partner-organisations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('partners.code')}</Table.Th>
                <Table.Th>{t('partners.name')}</Table.Th>
                <Table.Th>{t('partners.kind')}</Table.Th>
                <Table.Th>{t('partners.pillars')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((o) => (
                <Table.Tr key={o.code}>
                  <Table.Td>{o.code}</Table.Td>
                  <Table.Td>{o.name}</Table.Td>
                  <Table.Td>{t(`partners.kinds.${o.kind}`)}</Table.Td>
                  <Table.Td>{o.pillars.join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      {canEdit && <OrganisationForm />}
    </Paper>
  );
}

const partnerKinds: readonly OrganisationBody['kind'][] = [
  'csr',
  'ngo',
  'zakat',
  'university',
  'faith_based',
  'other',
];

/** The secretariat registers a partner organisation (or updates one: same code). */
function OrganisationForm() {
  const { t } = useTranslation();
  const save = useSaveOrganisation();
  const form = useForm({
    initialValues: {
      code: '',
      name: '',
      kind: 'csr' as OrganisationBody['kind'],
      pillars: [] as string[],
      contactName: '',
      contactEmail: '',
      contactPhone: '',
    },
    validate: {
      code: (v) => (/^[A-Z0-9][A-Z0-9_-]{1,31}$/.test(v) ? null : t('partners.codeHint')),
      name: (v) => (v.trim().length < 2 ? t('partners.required') : null),
    },
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        code: v.code,
        name: v.name.trim(),
        kind: v.kind,
        pillars: v.pillars.map(Number),
        contactName: v.contactName.trim() || null,
        contactEmail: v.contactEmail.trim() || null,
        contactPhone: v.contactPhone.trim() || null,
        active: true,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('partners.organisationSaved') });
          form.reset();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} data-testid="organisation-form">
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('partners.newOrganisation')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('partners.code')}
          description={t('partners.codeHint')}
          {...form.getInputProps('code')}
          onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
        />
        <TextInput label={t('partners.name')} {...form.getInputProps('name')} />
        <Select
          label={t('partners.kind')}
          data={partnerKinds.map((k) => ({ value: k, label: t(`partners.kinds.${k}`) }))}
          allowDeselect={false}
          {...form.getInputProps('kind')}
        />
        <MultiSelect
          label={t('partners.pillars')}
          data={pillarOptions(t)}
          {...form.getInputProps('pillars')}
        />
        <TextInput label={t('partners.contactName')} {...form.getInputProps('contactName')} />
        <TextInput type="email" label={t('partners.contactEmail')} {...form.getInputProps('contactEmail')} />
        <TextInput label={t('partners.contactPhone')} {...form.getInputProps('contactPhone')} />
      </SimpleGrid>
      <MutationError
        error={save.error}
        mt="sm"
        labels={{
          code: t('partners.code'),
          name: t('partners.name'),
          kind: t('partners.kind'),
          pillars: t('partners.pillars'),
          contactName: t('partners.contactName'),
          contactEmail: t('partners.contactEmail'),
          contactPhone: t('partners.contactPhone'),
        }}
      />
      <Button type="submit" mt="sm" loading={save.isPending}>
        {t('partners.saveOrganisation')}
      </Button>
    </form>
  );
}

/** Buttons for the statuses the caller may move a pledge to (the server says which: `nextStatuses`). */
function PledgeStatusActions({ pledge }: { pledge: Pledge }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const change = useChangePledgeStatus();
  if (pledge.nextStatuses.length === 0) return null;
  return (
    <Group gap={4} mt={4} wrap="nowrap">
      {pledge.nextStatuses.map((status) => (
        <Button
          key={status}
          size="compact-xs"
          variant={status === 'withdrawn' ? 'subtle' : 'light'}
          color={status === 'withdrawn' ? 'red' : statusColors[status]}
          loading={change.isPending && change.variables?.status === status}
          onClick={() =>
            change.mutate(
              { id: pledge.id, status },
              {
                onSuccess: () =>
                  notifications.show({
                    color: 'teal',
                    message: t('partners.statusChanged', { status: t(`partners.statuses.${status}`) }),
                  }),
                onError: (error) => notifications.show({ color: 'red', message: describe(error) }),
              },
            )
          }
        >
          {t(`partners.moveTo.${status}`)}
        </Button>
      ))}
    </Group>
  );
}

const statusColors: Record<Pledge['status'], string> = {
  pledged: 'blue',
  active: 'teal',
  fulfilled: 'dark',
  withdrawn: 'gray',
};

function PledgesPanel({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery(pledgesQuery);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('partners.pledges')}
      </Title>
      <QueryState query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">{t('partners.noPledges')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table data-testid="partner-pledges">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('partners.organisation')}</Table.Th>
                    <Table.Th>{t('partners.pillarLabel')}</Table.Th>
                    <Table.Th>{t('partners.program')}</Table.Th>
                    <Table.Th>{t('partners.period')}</Table.Th>
                    <Table.Th ta="right">{t('partners.amount')}</Table.Th>
                    <Table.Th ta="right">{t('partners.realised')}</Table.Th>
                    <Table.Th ta="right">{t('partners.households')}</Table.Th>
                    <Table.Th>{t('partners.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.organisationName}</Table.Td>
                      <Table.Td>{p.pillar}</Table.Td>
                      <Table.Td>{p.programCode ?? '—'}</Table.Td>
                      <Table.Td>
                        {format.date(p.periodStart)} – {format.date(p.periodEnd)}
                      </Table.Td>
                      <Table.Td ta="right">
                        {p.amount === null ? '—' : `Rp ${format.number(p.amount)}`}
                      </Table.Td>
                      <Table.Td ta="right">Rp {format.number(p.realisedValue)}</Table.Td>
                      <Table.Td ta="right">
                        {format.number(p.householdsReached)} / {p.householdsTarget ?? '—'}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={statusColors[p.status]} variant="light">
                          {t(`partners.statuses.${p.status}`)}
                        </Badge>
                        <PledgeStatusActions pledge={p} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      {canCreate && <PledgeForm />}
    </Paper>
  );
}

function PledgeForm() {
  const { t } = useTranslation();
  const create = useCreatePledge();
  const form = useForm({
    initialValues: {
      pillar: '2',
      programCode: '',
      locations: '',
      amount: '' as number | '',
      householdsTarget: '' as number | '',
      periodStart: today(),
      periodEnd: `${today().slice(0, 4)}-12-31`,
    },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        pillar: Number(v.pillar),
        programCode: v.programCode.trim() || null,
        locations: v.locations
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        amount: v.amount === '' ? null : v.amount,
        householdsTarget: v.householdsTarget === '' ? null : v.householdsTarget,
        periodStart: v.periodStart,
        periodEnd: v.periodEnd,
        planActivityId: null,
        note: null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('partners.pledgeSaved') });
          form.reset();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} data-testid="pledge-form">
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('partners.newPledge')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select label={t('partners.pillarLabel')} data={pillarOptions(t)} {...form.getInputProps('pillar')} />
        <TextInput label={t('partners.program')} {...form.getInputProps('programCode')} />
        <TextInput
          label={t('partners.locations')}
          description={t('partners.locationsHint')}
          {...form.getInputProps('locations')}
        />
        <NumberInput
          label={t('partners.amount')}
          min={0}
          thousandSeparator="."
          decimalSeparator=","
          {...form.getInputProps('amount')}
        />
        <NumberInput
          label={t('partners.householdsTarget')}
          min={1}
          {...form.getInputProps('householdsTarget')}
        />
        <Group grow>
          <TextInput type="date" label={t('partners.start')} {...form.getInputProps('periodStart')} />
          <TextInput type="date" label={t('partners.end')} {...form.getInputProps('periodEnd')} />
        </Group>
      </SimpleGrid>
      <MutationError
        error={create.error}
        mt="sm"
        testId="pledge-failure"
        labels={{
          pillar: t('partners.pillarLabel'),
          programCode: t('partners.program'),
          locations: t('partners.locations'),
          amount: t('partners.amount'),
          householdsTarget: t('partners.householdsTarget'),
          periodStart: t('partners.start'),
          periodEnd: t('partners.end'),
        }}
      />
      <Button type="submit" mt="sm" loading={create.isPending}>
        {t('partners.savePledge')}
      </Button>
    </form>
  );
}

function HouseholdsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery(assignedHouseholdsQuery);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('partners.assigned')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('partners.assignedHint')}
      </Text>
      <QueryState query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">{t('partners.noHouseholds')}</Text>
          ) : (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table data-testid="partner-households">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('partners.head')}</Table.Th>
                      <Table.Th>{t('partners.address')}</Table.Th>
                      <Table.Th>{t('partners.kelurahan')}</Table.Th>
                      <Table.Th>{t('partners.phone')}</Table.Th>
                      <Table.Th>{t('partners.pledge')}</Table.Th>
                      <Table.Th>{t('partners.consentedAt')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((h) => (
                      <Table.Tr key={h.assignmentId}>
                        <Table.Td>{h.headName ?? '—'}</Table.Td>
                        <Table.Td>
                          {h.address}, RT {h.rt}/RW {h.rw}
                        </Table.Td>
                        <Table.Td>{h.kelurahanName}</Table.Td>
                        <Table.Td>{h.phone ?? '—'}</Table.Td>
                        <Table.Td>
                          #{h.pledge.id} · {t('partners.pillarLabel')} {h.pledge.pillar}
                        </Table.Td>
                        <Table.Td>{format.date(h.consent.consentedAt)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <DeliveryForm households={items} />
            </>
          )
        }
      </QueryState>
    </Paper>
  );
}

function DeliveryForm({ households }: { households: AssignedHousehold[] }) {
  const { t } = useTranslation();
  const report = useReportDeliveries();
  const form = useForm({
    initialValues: {
      assignmentId: String(households[0]?.assignmentId ?? ''),
      programCode: '',
      service: '',
      deliveredOn: today(),
      value: '' as number | '',
    },
    validate: {
      service: (v) => (v.trim().length < 2 ? t('partners.required') : null),
      value: (v) => (v === '' ? t('partners.required') : null),
    },
  });
  const submit = form.onSubmit((v) =>
    report.mutate(
      {
        items: [
          {
            assignmentId: Number(v.assignmentId),
            programCode: v.programCode.trim() || null,
            service: v.service.trim(),
            deliveredOn: v.deliveredOn,
            value: Number(v.value),
          },
        ],
      },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'teal',
            message: t('partners.deliveryRecorded', { recorded: r.recorded, duplicates: r.duplicates }),
          });
          form.setFieldValue('service', '');
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} data-testid="delivery-form">
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('partners.reportDelivery')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label={t('partners.household')}
          data={households.map((h) => ({
            value: String(h.assignmentId),
            label: `${h.headName ?? '—'} · ${h.kelurahanName} (#${h.pledge.id})`,
          }))}
          {...form.getInputProps('assignmentId')}
        />
        <TextInput label={t('partners.service')} {...form.getInputProps('service')} />
        <TextInput
          label={t('partners.program')}
          description={t('partners.programHint')}
          {...form.getInputProps('programCode')}
        />
        <TextInput type="date" label={t('partners.deliveredOn')} {...form.getInputProps('deliveredOn')} />
        <NumberInput
          label={t('partners.value')}
          min={0}
          thousandSeparator="."
          decimalSeparator=","
          {...form.getInputProps('value')}
        />
      </SimpleGrid>
      <MutationError
        error={report.error}
        mt="sm"
        labels={{
          'items.0.assignmentId': t('partners.household'),
          'items.0.service': t('partners.service'),
          'items.0.programCode': t('partners.program'),
          'items.0.deliveredOn': t('partners.deliveredOn'),
          'items.0.value': t('partners.value'),
        }}
      />
      <Button type="submit" mt="sm" loading={report.isPending}>
        {t('partners.send')}
      </Button>
    </form>
  );
}

function OverlapPanel() {
  const { t } = useTranslation();
  const check = useOverlapCheck();
  const [nik, setNik] = useState('');
  const [pillar, setPillar] = useState<string | null>('2');
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('partners.overlap')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('partners.overlapHint')}
      </Text>
      <form
        data-testid="overlap-form"
        onSubmit={(e) => {
          e.preventDefault();
          check.mutate({ nik: nik.trim(), pillar: Number(pillar ?? '2') });
        }}
      >
        <Group align="flex-end">
          <TextInput label="NIK" value={nik} onChange={(e) => setNik(e.currentTarget.value)} maxLength={16} />
          <Select
            label={t('partners.pillarLabel')}
            data={pillarOptions(t)}
            value={pillar}
            onChange={setPillar}
          />
          <Button type="submit" loading={check.isPending} disabled={!/^\d{16}$/.test(nik.trim())}>
            {t('partners.check')}
          </Button>
        </Group>
      </form>
      {check.data && (
        <Alert mt="sm" color={check.data.served ? 'orange' : 'teal'} data-testid="overlap-answer">
          {check.data.served ? t('partners.served') : t('partners.notServed')}
        </Alert>
      )}
      <MutationError error={check.error} mt="sm" />
    </Paper>
  );
}

function ContributionsPanel({ region }: { region: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery(contributionsQuery(region));
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('partners.contributions')}
        </Title>
        {query.data && query.data.items.length > 0 && (
          <TableExport
            testId="partner-contributions-export"
            table={() => ({
              title: t('partners.contributions'),
              subtitle: region,
              columns: [
                { header: t('partners.organisation') },
                { header: t('partners.pillarLabel') },
                { header: t('partners.area') },
                { header: t('partners.realised'), format: 'rupiah' },
                { header: t('partners.households'), format: 'integer' },
                { header: t('partners.deliveries'), format: 'integer' },
              ],
              rows: query.data.items.map((c) => [
                c.organisationName,
                c.pillar,
                c.regionName,
                c.realisedValue,
                c.householdsReached,
                c.deliveries,
              ]),
            })}
          />
        )}
      </Group>
      <QueryState query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">{t('partners.noContributions')}</Text>
          ) : (
            <Table data-testid="partner-contributions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('partners.organisation')}</Table.Th>
                  <Table.Th>{t('partners.pillarLabel')}</Table.Th>
                  <Table.Th>{t('partners.area')}</Table.Th>
                  <Table.Th ta="right">{t('partners.realised')}</Table.Th>
                  <Table.Th ta="right">{t('partners.households')}</Table.Th>
                  <Table.Th ta="right">{t('partners.deliveries')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={`${c.organisationCode}-${c.pillar}-${c.regionCode}`}>
                    <Table.Td>{c.organisationName}</Table.Td>
                    <Table.Td>{c.pillar}</Table.Td>
                    <Table.Td>{c.regionName}</Table.Td>
                    <Table.Td ta="right">Rp {format.number(c.realisedValue)}</Table.Td>
                    <Table.Td ta="right">{format.number(c.householdsReached)}</Table.Td>
                    <Table.Td ta="right">{format.number(c.deliveries)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Paper>
  );
}

function NeedsPanel({ region: home }: { region: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [region, setRegion] = useState(home);
  const query = useQuery(needsQuery(region));
  const count = (v: number | null) => (v === null ? t('partners.suppressed') : format.number(v));
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('partners.needs')}
        </Title>
        {query.data && (
          <TableExport
            testId="partner-needs-export"
            table={() => ({
              title: t('partners.needs'),
              subtitle: query.data.region,
              columns: [
                { header: t('partners.area') },
                { header: t('partners.pillarLabel') },
                { header: t('partners.desil14Unreached'), format: 'integer' },
                { header: t('partners.extremePoorUnreached'), format: 'integer' },
              ],
              // A suppressed count stays a word in the file, never a number.
              rows: query.data.items.map((n) => [
                n.regionName,
                n.pillar,
                n.desil14Unreached ?? t('partners.suppressed'),
                n.extremePoorUnreached ?? t('partners.suppressed'),
              ]),
            })}
          />
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('partners.needsHint')}
      </Text>
      <QueryState query={query}>
        {(needs) => (
          <Table.ScrollContainer minWidth={640}>
            <Table data-testid="partner-needs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('partners.area')}</Table.Th>
                  <Table.Th>{t('partners.pillarLabel')}</Table.Th>
                  <Table.Th ta="right">{t('partners.desil14Unreached')}</Table.Th>
                  <Table.Th ta="right">{t('partners.extremePoorUnreached')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {needs.items.map((n) => (
                  <Table.Tr
                    key={`${n.regionCode}-${n.pillar}`}
                    fw={n.regionCode === needs.region ? 600 : undefined}
                  >
                    <Table.Td>
                      {n.regionCode !== needs.region && n.regionCode.length < 13 ? (
                        <Button variant="subtle" size="compact-sm" onClick={() => setRegion(n.regionCode)}>
                          {n.regionName}
                        </Button>
                      ) : (
                        n.regionName
                      )}
                    </Table.Td>
                    <Table.Td>{n.pillar}</Table.Td>
                    <Table.Td ta="right">{count(n.desil14Unreached)}</Table.Td>
                    <Table.Td ta="right">{count(n.extremePoorUnreached)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      {region !== home && (
        <Button variant="light" size="xs" mt="sm" onClick={() => setRegion(home)}>
          {t('partners.backToArea')}
        </Button>
      )}
    </Paper>
  );
}

/** Consent first, then assignment: the server refuses an assignment without the household's open consent. */
function ConsentPanel() {
  const { t } = useTranslation();
  const consent = useRecordConsent();
  const assign = useAssignHousehold();
  const form = useForm({
    initialValues: {
      householdId: '' as number | '',
      organisationCode: 'BAZNAS',
      pillar: '2',
      purpose: '',
      consentingNik: '',
      consentedAt: today(),
      contactPhone: '',
      pledgeId: '' as number | '',
    },
  });
  const v = form.values;
  const recordConsent = () =>
    consent.mutate(
      {
        householdId: Number(v.householdId),
        organisationCode: v.organisationCode.trim(),
        pillar: Number(v.pillar),
        purpose: v.purpose.trim(),
        consentingNik: v.consentingNik.trim(),
        consentedAt: `${v.consentedAt}T00:00:00+07:00`,
        evidenceFileId: null,
        contactPhone: v.contactPhone.trim() || null,
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: t('partners.consentSaved') }) },
    );
  const assignHousehold = () =>
    assign.mutate(
      { pledgeId: Number(v.pledgeId), householdId: Number(v.householdId) },
      { onSuccess: () => notifications.show({ color: 'teal', message: t('partners.assignedSaved') }) },
    );
  const error = consent.error ?? assign.error;
  return (
    <Paper withBorder p="md" data-testid="consent-panel">
      <Title order={2} size="h4" mb="xs">
        {t('partners.consent')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('partners.consentHint')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput label={t('partners.householdId')} min={1} {...form.getInputProps('householdId')} />
        <TextInput label={t('partners.organisation')} {...form.getInputProps('organisationCode')} />
        <Select label={t('partners.pillarLabel')} data={pillarOptions(t)} {...form.getInputProps('pillar')} />
        <TextInput label={t('partners.purpose')} {...form.getInputProps('purpose')} />
        <TextInput
          label={t('partners.consentingNik')}
          maxLength={16}
          {...form.getInputProps('consentingNik')}
        />
        <TextInput type="date" label={t('partners.consentedAt')} {...form.getInputProps('consentedAt')} />
        <TextInput label={t('partners.phone')} {...form.getInputProps('contactPhone')} />
      </SimpleGrid>
      <Button mt="sm" onClick={recordConsent} loading={consent.isPending}>
        {t('partners.saveConsent')}
      </Button>
      <Group align="flex-end" mt="md">
        <NumberInput label={t('partners.pledgeId')} min={1} {...form.getInputProps('pledgeId')} />
        <Button variant="light" onClick={assignHousehold} loading={assign.isPending}>
          {t('partners.assign')}
        </Button>
      </Group>
      <MutationError
        error={error}
        mt="sm"
        labels={{
          householdId: t('partners.householdId'),
          organisationCode: t('partners.organisation'),
          pillar: t('partners.pillarLabel'),
          purpose: t('partners.purpose'),
          consentingNik: t('partners.consentingNik'),
          consentedAt: t('partners.consentedAt'),
          contactPhone: t('partners.phone'),
        }}
      />
    </Paper>
  );
}
