import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from './AnchorLink';

/**
 * The cells every named list starts with: the name (linking to the household page), NIK, KK number and
 * kelurahan — one place for how a person is shown in eligible lists, findings and the ledger.
 */
export function IdentityCells({
  householdId,
  name,
  nik,
  kkNumber,
  kelurahanName,
}: {
  householdId: number;
  name: string | null;
  nik: string | null;
  kkNumber: string;
  kelurahanName: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Table.Td>
        <AnchorLink to="/households/$householdId" params={{ householdId: String(householdId) }} fw={600}>
          {name ?? t('common.none')}
        </AnchorLink>
      </Table.Td>
      <Table.Td ff="monospace" fz="sm">
        {nik ?? t('common.none')}
      </Table.Td>
      <Table.Td ff="monospace" fz="sm">
        {kkNumber}
      </Table.Td>
      <Table.Td>{kelurahanName}</Table.Td>
    </>
  );
}
