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

/** The main navigation. Partners see no personal data (access.scope.ts), so they get no registry search. */
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
      {user.role !== 'partner' && (
        <NavLink
          component={Link}
          to="/search"
          label={t('nav.search')}
          active={pathname.startsWith('/search') || pathname.startsWith('/households')}
          data-testid="nav-search"
        />
      )}
      <NavLink
        component={Link}
        to="/programs"
        label={t('nav.programs')}
        active={pathname.startsWith('/programs')}
        data-testid="nav-programs"
      />
      <NavLink
        component={Link}
        to="/targeting"
        label={t('nav.targeting')}
        active={pathname.startsWith('/targeting')}
        data-testid="nav-targeting"
      />
      <NavLink
        component={Link}
        to="/reports"
        label={t('nav.reports')}
        active={pathname.startsWith('/reports')}
        data-testid="nav-reports"
      />
      {planRoles.includes(user.role) && (
        <NavLink
          component={Link}
          to="/plans"
          label={t('nav.plans')}
          active={pathname.startsWith('/plans')}
          data-testid="nav-plans"
        />
      )}
      {reviewerRoles.includes(user.role) && (
        <NavLink
          component={Link}
          to="/field-review"
          label={t('nav.fieldReview')}
          active={pathname.startsWith('/field-review')}
          data-testid="nav-field-review"
        />
      )}
      {reviewerRoles.includes(user.role) && (
        <NavLink
          component={Link}
          to="/campaigns"
          label={t('nav.campaigns')}
          active={pathname.startsWith('/campaigns')}
          data-testid="nav-campaigns"
        />
      )}
      {reviewerRoles.includes(user.role) && (
        <NavLink
          component={Link}
          to="/duplicates"
          label={t('nav.dedup')}
          active={pathname.startsWith('/duplicates')}
          data-testid="nav-dedup"
        />
      )}
      {reviewerRoles.includes(user.role) && (
        <NavLink
          component={Link}
          to="/change-requests"
          label={t('nav.changeRequests')}
          active={pathname.startsWith('/change-requests')}
          data-testid="nav-change-requests"
        />
      )}
      {importerRoles.includes(user.role) && (
        <NavLink
          component={Link}
          to="/imports"
          label={t('nav.imports')}
          active={pathname.startsWith('/imports')}
          data-testid="nav-imports"
        />
      )}
      {user.role !== 'field_officer' && (
        <NavLink
          component={Link}
          to="/partners"
          label={t('nav.partners')}
          active={pathname.startsWith('/partners')}
          data-testid="nav-partners"
        />
      )}
      <NavLink
        component={Link}
        to="/priority"
        label={t('nav.priority')}
        active={pathname.startsWith('/priority')}
        data-testid="nav-priority"
      />
      {/* The public open-data page (no sign-in), outside the app layout: a full page load. */}
      <NavLink href="/open-data" label={t('nav.openData')} data-testid="nav-open-data" />
      {user.role === 'field_officer' && (
        // The field app is a page of its own (installable, offline): a full load, not a client-side route.
        <NavLink href="/lapangan" label={t('nav.fieldApp')} data-testid="nav-field-app" />
      )}
    </Stack>
  );
}
