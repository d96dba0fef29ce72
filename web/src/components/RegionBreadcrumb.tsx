import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Region, RegionAncestor } from '../api/types';

interface Props {
  ancestors: RegionAncestor[];
  region: Region;
  /** The user's own area: levels above it are shown but cannot be opened. */
  areaCode: string;
  onSelect: (code: string) => void;
}

const isWithin = (code: string, areaCode: string) => code === areaCode || code.startsWith(`${areaCode}.`);

/** province › kota › kecamatan › kelurahan, each level inside the user's area a link back up. */
export function RegionBreadcrumb({ ancestors, region, areaCode, onSelect }: Props) {
  const { t } = useTranslation();
  if (ancestors.length === 0) return null;
  return (
    <Breadcrumbs
      aria-label={t('home.breadcrumb')}
      data-testid="region-breadcrumb"
      separatorMargin={6}
      style={{ flexWrap: 'wrap', rowGap: 4 }}
    >
      {ancestors.map((ancestor) =>
        isWithin(ancestor.code, areaCode) ? (
          <Anchor
            key={ancestor.code}
            component="button"
            type="button"
            size="sm"
            onClick={() => onSelect(ancestor.code)}
          >
            {ancestor.name}
          </Anchor>
        ) : (
          <Text key={ancestor.code} size="sm" c="dimmed">
            {ancestor.name}
          </Text>
        ),
      )}
      <Text size="sm" fw={600} aria-current="page">
        {region.name}
      </Text>
    </Breadcrumbs>
  );
}
