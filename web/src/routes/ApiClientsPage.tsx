import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  apiClientsQuery,
  useAddApiClientKey,
  useCreateApiClient,
  useRevokeApiClient,
  useRevokeApiClientKey,
  type ApiClient,
  type ApiScope,
} from '../api/apiClients';
import { MutationError } from '../components/MutationError';
import { QueryState } from '../components/QueryState';
import { useFormat } from '../lib/format';

function CreatePanel({ scopes }: { scopes: readonly ApiScope[] }) {
  const { t } = useTranslation();
  const create = useCreateApiClient();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [regionCode, setRegionCode] = useState('31');
  const submit = () =>
    create.mutate(
      { name: name.trim(), scopes: chosen as ApiScope[], regionCode: regionCode.trim() },
      {
        onSuccess: () => {
          setName('');
          setChosen([]);
        },
      },
    );
  return (
    <Paper withBorder p="md" data-testid="api-clients-create">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('apiClients.create.title')}
        </Title>
        <Group align="flex-start" gap="md">
          <TextInput
            label={t('apiClients.create.name')}
            description={t('apiClients.create.nameHint')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-testid="api-clients-name"
            required
          />
          <TextInput
            label={t('apiClients.create.area')}
            description={t('apiClients.create.areaHint')}
            value={regionCode}
            onChange={(event) => setRegionCode(event.currentTarget.value)}
            data-testid="api-clients-area"
            required
          />
        </Group>
        <Checkbox.Group label={t('apiClients.create.scopes')} value={chosen} onChange={setChosen}>
          <Stack gap={4} mt={4}>
            {scopes.map((scope) => (
              <Checkbox
                key={scope}
                value={scope}
                label={`${scope} — ${t(`apiClients.scopes.${scope}`)}`}
                data-testid={`api-clients-scope-${scope}`}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group>
          <Button
            onClick={submit}
            disabled={name.trim() === '' || chosen.length === 0 || regionCode.trim() === ''}
            loading={create.isPending}
            data-testid="api-clients-submit"
          >
            {t('apiClients.create.submit')}
          </Button>
        </Group>
        <MutationError
          error={create.error}
          testId="api-clients-create-failure"
          labels={{
            name: t('apiClients.create.name'),
            regionCode: t('apiClients.create.area'),
            scopes: t('apiClients.create.scopes'),
          }}
        />
        {create.data && (
          <Alert color="green" title={t('apiClients.create.tokenTitle', { name: create.data.client.name })}>
            <Stack gap="xs">
              <Text size="sm">{t('apiClients.create.tokenOnce')}</Text>
              <Code block data-testid="api-clients-token">
                {create.data.token}
              </Code>
              <CopyButton value={create.data.token}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy} w="fit-content">
                    {copied ? t('apiClients.create.copied') : t('apiClients.create.copy')}
                  </Button>
                )}
              </CopyButton>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function AddKeyForm({ client }: { client: ApiClient }) {
  const { t } = useTranslation();
  const add = useAddApiClientKey();
  const [keyId, setKeyId] = useState('');
  const [publicKey, setPublicKey] = useState('');
  return (
    <Stack gap={4} data-testid={`api-client-add-key-${client.id}`}>
      <Group gap="xs" align="flex-end">
        <TextInput
          size="xs"
          label={t('apiClients.keys.keyId')}
          value={keyId}
          onChange={(event) => setKeyId(event.currentTarget.value)}
          data-testid={`api-client-key-id-${client.id}`}
        />
        <Button
          size="xs"
          variant="light"
          disabled={keyId.trim() === '' || publicKey.trim() === ''}
          loading={add.isPending}
          onClick={() =>
            add.mutate(
              { id: client.id, keyId: keyId.trim(), publicKey },
              {
                onSuccess: () => {
                  setKeyId('');
                  setPublicKey('');
                },
              },
            )
          }
          data-testid={`api-client-key-add-${client.id}`}
        >
          {t('apiClients.keys.add')}
        </Button>
      </Group>
      <Textarea
        size="xs"
        autosize
        minRows={2}
        label={t('apiClients.keys.publicKey')}
        description={t('apiClients.keys.publicKeyHint')}
        value={publicKey}
        onChange={(event) => setPublicKey(event.currentTarget.value)}
        data-testid={`api-client-public-key-${client.id}`}
      />
      <MutationError
        error={add.error}
        testId={`api-client-key-failure-${client.id}`}
        labels={{ keyId: t('apiClients.keys.keyId'), publicKey: t('apiClients.keys.publicKey') }}
      />
    </Stack>
  );
}

function ClientRow({ client }: { client: ApiClient }) {
  const { t } = useTranslation();
  const format = useFormat();
  const revoke = useRevokeApiClient();
  const revokeKey = useRevokeApiClientKey();
  const active = client.revokedAt === null;
  return (
    <Table.Tr data-testid={`api-client-row-${client.name}`}>
      <Table.Td>
        <Text fw={600}>{client.name}</Text>
        <Text size="xs" c="dimmed">
          #{client.id} · {t('apiClients.table.created', { at: format.dateTime(client.createdAt) })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {client.scopes.map((scope) => (
            <Badge key={scope} variant="light" title={t(`apiClients.scopes.${scope}`)}>
              {scope}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>{client.regionCode}</Table.Td>
      <Table.Td data-testid={`api-client-status-${client.name}`}>
        {active ? (
          <Badge color="green">{t('apiClients.status.active')}</Badge>
        ) : (
          <Badge color="gray">
            {t('apiClients.status.revoked', { at: format.dateTime(client.revokedAt!) })}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {client.keys.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('apiClients.keys.none')}
            </Text>
          )}
          {client.keys.map((key) => (
            <Group key={key.keyId} gap="xs" data-testid={`api-client-key-${client.name}-${key.keyId}`}>
              <Code>{key.keyId}</Code>
              {key.revokedAt === null ? (
                active && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    loading={revokeKey.isPending}
                    onClick={() => {
                      if (window.confirm(t('apiClients.keys.confirmRevoke', { keyId: key.keyId })))
                        revokeKey.mutate({ id: client.id, keyId: key.keyId });
                    }}
                  >
                    {t('apiClients.keys.revoke')}
                  </Button>
                )
              ) : (
                <Text size="xs" c="dimmed">
                  {t('apiClients.keys.revoked')}
                </Text>
              )}
            </Group>
          ))}
          {active && <AddKeyForm client={client} />}
          <MutationError error={revokeKey.error} testId={`api-client-key-revoke-failure-${client.id}`} />
        </Stack>
      </Table.Td>
      <Table.Td>
        {active && (
          <Button
            size="xs"
            color="red"
            variant="light"
            loading={revoke.isPending}
            onClick={() => {
              if (window.confirm(t('apiClients.confirmRevoke', { name: client.name })))
                revoke.mutate(client.id);
            }}
            data-testid={`api-client-revoke-${client.name}`}
          >
            {t('apiClients.revoke')}
          </Button>
        )}
        <MutationError error={revoke.error} testId={`api-client-revoke-failure-${client.id}`} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Klien API: the agency systems reading the registry over the DCI API and change feed (secretariat). */
export function ApiClientsPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('apiClients.title')} · Tepat`);
  const query = useQuery(apiClientsQuery());
  return (
    <Stack gap="md" data-testid="page-api-clients">
      <Title order={2}>{t('apiClients.title')}</Title>
      <Text size="sm">{t('apiClients.intro')}</Text>
      <QueryState query={query}>
        {(data) => (
          <Stack gap="md">
            <CreatePanel scopes={data.scopes} />
            {data.clients.length === 0 ? (
              <Text c="dimmed">{t('apiClients.empty')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={900}>
                <Table striped withTableBorder verticalSpacing="sm" data-testid="api-clients-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('apiClients.table.name')}</Table.Th>
                      <Table.Th>{t('apiClients.table.scopes')}</Table.Th>
                      <Table.Th>{t('apiClients.table.area')}</Table.Th>
                      <Table.Th>{t('apiClients.table.status')}</Table.Th>
                      <Table.Th>{t('apiClients.table.keys')}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.clients.map((client) => (
                      <ClientRow key={client.id} client={client} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
