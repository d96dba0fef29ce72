import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { desilColors } from '../theme';

/** Desil 1 (poorest) … 10 as a coloured badge; "not ranked" when the household has no ranking yet. */
export function DesilBadge({
  desil,
  size = 'md',
}: {
  desil: number | null | undefined;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  if (desil == null)
    return (
      <Badge color="gray" variant="light" size={size}>
        {t('household.noDesil')}
      </Badge>
    );
  return (
    <Badge
      color={desilColors[desil - 1] ?? 'gray'}
      size={size}
      data-testid="desil-badge"
      data-desil={desil}
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {t('household.desilBadge', { desil })}
    </Badge>
  );
}
