import { Select, SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { regionQuery } from '../api/regions';
import { childLevelOf } from '../lib/indicators';

interface Props {
  /** The user's area: the picker never leaves it. */
  areaCode: string;
  value: string;
  onChange: (code: string) => void;
}

/** The codes from the area down to the chosen region: `31.71` → `31.71.01` → `31.71.01.1001`. */
function chainOf(areaCode: string, value: string): string[] {
  const inside = value === areaCode || value.startsWith(`${areaCode}.`);
  if (!inside) return [areaCode];
  const segments = value.split('.');
  const start = areaCode.split('.').length;
  return segments.slice(start - 1).map((_, index) => segments.slice(0, start + index).join('.'));
}

/** Cascading selects (kota → kecamatan → kelurahan) below the user's area; an empty select means "all". */
export function RegionPicker({ areaCode, value, onChange }: Props) {
  const chain = chainOf(areaCode, value);
  return (
    <SimpleGrid cols={{ base: 1, xs: Math.min(chain.length, 3) }} spacing="xs">
      {chain.map((code, index) => (
        <ChildSelect
          key={code}
          parentCode={code}
          selected={chain[index + 1] ?? null}
          onChange={(child) => onChange(child ?? code)}
        />
      ))}
    </SimpleGrid>
  );
}

function ChildSelect({
  parentCode,
  selected,
  onChange,
}: {
  parentCode: string;
  selected: string | null;
  onChange: (code: string | null) => void;
}) {
  const { t } = useTranslation();
  const { data } = useQuery(regionQuery(parentCode));
  const level = data ? childLevelOf(data.region.level) : null;
  if (!data || !level || data.children.length === 0) return null;
  return (
    <Select
      label={t(`levels.${level}`)}
      placeholder={`${t('search.allIn', { area: data.region.name })}`}
      data={data.children.map((child) => ({ value: child.code, label: child.name }))}
      value={selected}
      onChange={onChange}
      searchable
      clearable
      data-testid={`region-picker-${level}`}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
