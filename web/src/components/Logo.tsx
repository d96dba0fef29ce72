import { Group, Text } from '@mantine/core';

/** The Tepat mark and name. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <img src="/favicon.svg" width={size} height={size} alt="" />
      <Text fw={700} fz={size * 0.7} c="teal.9" lh={1}>
        Tepat
      </Text>
    </Group>
  );
}
