import { Alert, Anchor, Button, Grid, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useCanGoBack, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { householdHistoryQuery, householdQuery } from '../api/households';
import { AttributesPanel } from '../components/AttributesPanel';
import { DesilHistory } from '../components/DesilHistory';
import { HouseholdHeader } from '../components/HouseholdHeader';
import { MembersTable } from '../components/MembersTable';
import { QueryState } from '../components/QueryState';
import { VersionHistory } from '../components/VersionHistory';
import { useFormat } from '../lib/format';

export interface HouseholdSearch {
  /** Read the household as it was on a day (YYYY-MM-DD, its end) or at an instant (ISO 8601); now when absent. */
  asOf?: string;
}

/** Search params of a household page: the optional point in time. */
export function validateHouseholdSearch(search: Record<string, unknown>): HouseholdSearch {
  const value = typeof search.asOf === 'string' ? search.asOf : '';
  const valid =
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value));
  return { asOf: valid ? value : undefined };
}

/** The instant the API reads at: a bare day means the state at the end of that (local) day. */
function instantOf(asOf: string | undefined): string | undefined {
  if (!asOf) return undefined;
  return asOf.length === 10 ? new Date(`${asOf}T23:59:59.999`).toISOString() : asOf;
}

const route = getRouteApi('/signed-in/households/$householdId');

/** A household (Rumah tangga): members, attributes with provenance, desil and version history. */
export function HouseholdPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { householdId } = route.useParams();
  const { asOf } = route.useSearch();
  const navigate = route.useNavigate();
  const router = useRouter();
  const canGoBack = useCanGoBack();
  const id = Number(householdId);
  const profile = useQuery({
    ...householdQuery(id, instantOf(asOf)),
    enabled: Number.isInteger(id) && id > 0,
  });
  const history = useQuery({ ...householdHistoryQuery(id), enabled: Number.isInteger(id) && id > 0 });
  const setAsOf = (date: string | undefined) => void navigate({ search: { asOf: date } });
  const notAtDate = asOf !== undefined && profile.error instanceof ApiError && profile.error.status === 404;

  return (
    <Stack gap="md" data-testid="page-household">
      {canGoBack ? (
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => router.history.back()}
          w="fit-content"
        >
          ← {t('common.back')}
        </Anchor>
      ) : (
        <Anchor component={Link} to="/search" size="sm" w="fit-content">
          ← {t('nav.search')}
        </Anchor>
      )}
      {notAtDate ? (
        // Read before the household was registered (or outside the user's area): offer the way back.
        <Alert color="yellow" data-testid="as-of-not-found">
          <Stack gap="xs" align="flex-start">
            {t('household.notAtDate', {
              date: asOf.length === 10 ? format.date(asOf) : format.dateTime(asOf),
            })}
            <Button size="xs" variant="light" onClick={() => setAsOf(undefined)}>
              {t('household.current')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <QueryState query={profile} minHeight={240}>
          {(household) => (
            <>
              <HouseholdHeader household={household} asOf={asOf} onAsOfChange={setAsOf} />
              {asOf && (
                <Alert color="blue" data-testid="as-of-notice">
                  {t(household.isCurrent ? 'household.showingAsOfCurrent' : 'household.showingAsOf', {
                    date: asOf.length === 10 ? format.date(asOf) : format.dateTime(asOf),
                    version: household.version,
                  })}
                </Alert>
              )}
              <MembersTable members={household.members} on={asOf?.slice(0, 10)} />
              <Grid gap="md">
                <Grid.Col span={{ base: 12, lg: 7 }}>
                  <AttributesPanel household={household} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, lg: 5 }}>
                  <Stack gap="md">
                    <DesilHistory history={household.welfare.history} />
                    <VersionHistory query={history} onShowVersion={setAsOf} />
                  </Stack>
                </Grid.Col>
              </Grid>
            </>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
