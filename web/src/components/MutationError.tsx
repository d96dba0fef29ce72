import { Alert, List, Text, type MantineSpacing } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldIssue } from '../api/client';
import { useErrorMessage } from './QueryState';

/** The field an issue names, without the request part: `body.locations.0` → `locations.0`. */
const fieldOf = (issue: FieldIssue) => issue.path.replace(/^(body|query|param|form)\./, '');

/**
 * The form's label for a field path: the longest prefix the page gave a label for (`locations.0` falls back to
 * `locations`), with a list position shown as its 1-based number; otherwise the path itself.
 */
function labelOf(field: string, labels: Record<string, string>): string {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const label = labels[parts.slice(0, n).join('.')];
    if (label === undefined) continue;
    const rest = parts.slice(n).map((p) => (/^\d+$/.test(p) ? `#${Number(p) + 1}` : p));
    return [label, ...rest].join(' ');
  }
  return field;
}

/**
 * A failed save, shown the same way on every page: what went wrong in words (by the server's error code), then
 * each refused field by its form label with the reason in the interface language and the server's own sentence.
 * Without field issues the server's sentence is shown when the summary does not already carry it.
 */
export function MutationError({
  error,
  labels = {},
  testId,
  mt,
}: {
  error: Error | null | undefined;
  /** Form labels by field path (`amount`, `locations`): the server names fields as the API does. */
  labels?: Record<string, string>;
  testId?: string;
  mt?: MantineSpacing;
}) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  if (!error) return null;
  const summary = describe(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert color="red" role="alert" mt={mt} title={summary} data-testid={testId}>
      {issues.length > 0 ? (
        <List size="sm" spacing={2}>
          {issues.map((issue, i) => {
            const reason = t(`errorReasons.${issue.reason}`, { defaultValue: '' });
            return (
              <List.Item key={`${issue.path}-${i}`} data-testid="field-issue">
                <Text span size="sm" fw={600}>
                  {labelOf(fieldOf(issue), labels)}
                </Text>
                {`: ${reason || issue.message}`}
                {reason && issue.message ? (
                  <Text span size="xs" c="dimmed">{` (${issue.message})`}</Text>
                ) : null}
              </List.Item>
            );
          })}
        </List>
      ) : summary.includes(error.message) ? null : (
        <Text size="sm">{error.message}</Text>
      )}
    </Alert>
  );
}
