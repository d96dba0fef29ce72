import { createTheme } from '@mantine/core';

/** Tepat's look: a calm teal, readable type, roomy touch targets for phones. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 8,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
});

/** Colours of desil 1 (poorest) … 10, red to green, shared by badges and charts. */
export const desilColors = [
  '#c92a2a',
  '#e03131',
  '#f76707',
  '#f59f00',
  '#fab005',
  '#94d82d',
  '#51cf66',
  '#37b24d',
  '#2f9e44',
  '#2b8a3e',
] as const;
