import { Anchor, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { programQuery } from '../api/programs';
import { useSessionUser } from '../api/session';
import type { SessionUser } from '../api/types';
import { EligiblePanel } from '../components/programs/EligiblePanel';
import { LedgerPanel } from '../components/programs/LedgerPanel';
import { ProgramHeader } from '../components/programs/ProgramHeader';
import { UploadPanel } from '../components/programs/UploadPanel';
import { WhatIfPanel } from '../components/programs/WhatIfPanel';
import { QueryState } from '../components/QueryState';

export interface ProgramSearch {
  region?: string;
  /** Page of the eligible list; the first when absent. */
  page?: number;
}

/** Search params of a program page: the chosen area and the page of the eligible list. */
export function validateProgramSearch(search: Record<string, unknown>): ProgramSearch {
  const page = Number(search.page);
  return {
    region: typeof search.region === 'string' && /^[\d.]+$/.test(search.region) ? search.region : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
}

const route = getRouteApi('/signed-in/programs/$code');

/** Who loads a beneficiary list (ledger.access.ts): the secretariat, the owning agency, a co-funding partner. */
function canUpload(user: SessionUser | null, agency: string): boolean {
  if (!user) return false;
  return (
    user.role === 'secretariat' ||
    user.role === 'partner' ||
    (user.role === 'agency' && user.organisation === agency)
  );
}

/** One program: what it is, its active rule, the ranked eligible list of an area, and a what-if of a new rule. */
export function ProgramPage() {
  const { t } = useTranslation();
  const { code } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const user = useSessionUser();
  const program = useQuery(programQuery(code));
  useDocumentTitle(`${program.data?.name ?? code} · Tepat`);
  const areaCode = user?.area.code ?? '31';
  const region = search.region ?? areaCode;

  return (
    <Stack gap="md" data-testid="page-program">
      <Anchor component={Link} to="/programs" size="sm" w="fit-content">
        ← {t('programs.title')}
      </Anchor>
      <QueryState query={program}>
        {(detail) => {
          const active = detail.rules.find((rule) => rule.isActive) ?? null;
          return (
            <Stack gap="md">
              <ProgramHeader program={detail} activeRule={active} />
              {user?.role !== 'partner' && active && (
                <EligiblePanel
                  code={code}
                  areaCode={areaCode}
                  region={region}
                  page={search.page ?? 1}
                  onRegion={(next) =>
                    void navigate({
                      search: { region: next === areaCode ? undefined : next },
                    })
                  }
                  onPage={(page) => void navigate({ search: (previous) => ({ ...previous, page }) })}
                />
              )}
              {canUpload(user, detail.agency) && <UploadPanel code={code} />}
              <LedgerPanel code={code} />
              {active && (
                <WhatIfPanel
                  key={`${code}:${active.version}`}
                  code={code}
                  region={region}
                  activeRule={active.ruleText}
                />
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
