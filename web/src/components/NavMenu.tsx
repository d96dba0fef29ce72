import { NavLink, Stack } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Role, SessionUser } from '../api/types';

/** Roles that review field visits (they may change personal data in their area: access.scope.ts). */
const reviewerRoles: readonly Role[] = [
  'secretariat',
  'kota_tkpk',
  'kecamatan_operator',
  'kelurahan_operator',
];

/** Roles that import registry extracts (src/modules/imports/imports.runs.ts `requireImporter`). */
const importerRoles: readonly Role[] = ['secretariat', 'kota_tkpk'];

/** Roles with access to plans (src/modules/plans/plans.service.ts `planRoles.read`). */
const planRoles: readonly Role[] = [
  'secretariat',
  'kota_tkpk',
  'kecamatan_operator',
  'agency',
  'inspector',
  'partner',
];

/** A client-side page of the menu: its path, label key, who sees it and which paths mark it active. */
interface MenuItem {
  to: string;
  label: string;
  testId: string;
  shownTo?: (role: Role) => boolean;
  /** Path prefixes that mark the item active (default: `to`). */
  prefixes?: readonly string[];
}

const anyOf = (roles: readonly Role[]) => (role: Role) => roles.includes(role);

/** Partners see no personal data (access.scope.ts), so they get no registry search. */
const menu: readonly MenuItem[] = [
  {
    to: '/search',
    label: 'nav.search',
    testId: 'nav-search',
    shownTo: (r) => r !== 'partner',
    prefixes: ['/search', '/households'],
  },
  { to: '/programs', label: 'nav.programs', testId: 'nav-programs' },
  { to: '/targeting', label: 'nav.targeting', testId: 'nav-targeting' },
  { to: '/reports', label: 'nav.reports', testId: 'nav-reports' },
  { to: '/plans', label: 'nav.plans', testId: 'nav-plans', shownTo: anyOf(planRoles) },
  {
    to: '/field-review',
    label: 'nav.fieldReview',
    testId: 'nav-field-review',
    shownTo: anyOf(reviewerRoles),
  },
  { to: '/campaigns', label: 'nav.campaigns', testId: 'nav-campaigns', shownTo: anyOf(reviewerRoles) },
  { to: '/duplicates', label: 'nav.dedup', testId: 'nav-dedup', shownTo: anyOf(reviewerRoles) },
  {
    to: '/change-requests',
    label: 'nav.changeRequests',
    testId: 'nav-change-requests',
    shownTo: anyOf(reviewerRoles),
  },
  { to: '/imports', label: 'nav.imports', testId: 'nav-imports', shownTo: anyOf(importerRoles) },
  { to: '/partners', label: 'nav.partners', testId: 'nav-partners', shownTo: (r) => r !== 'field_officer' },
  { to: '/priority', label: 'nav.priority', testId: 'nav-priority' },
  // src/modules/access/access.policy.ts `api_clients.manage`.
  {
    to: '/api-clients',
    label: 'nav.apiClients',
    testId: 'nav-api-clients',
    shownTo: (r) => r === 'secretariat',
  },
];

/** The main navigation: the pages the user's role may open. */
export function NavMenu({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <Stack gap={4} component="nav">
      <NavLink
        component={Link}
        to="/"
        label={t('nav.home')}
        active={pathname === '/'}
        data-testid="nav-home"
      />
      {menu
        .filter((item) => item.shownTo?.(user.role) ?? true)
        .map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={t(item.label)}
            active={(item.prefixes ?? [item.to]).some((prefix) => pathname.startsWith(prefix))}
            data-testid={item.testId}
          />
        ))}
      {/* The public open-data page (no sign-in), outside the app layout: a full page load. */}
      <NavLink href="/open-data" label={t('nav.openData')} data-testid="nav-open-data" />
      {user.role === 'field_officer' && (
        // The field app is a page of its own (installable, offline): a full load, not a client-side route.
        <NavLink href="/lapangan" label={t('nav.fieldApp')} data-testid="nav-field-app" />
      )}
    </Stack>
  );
}
