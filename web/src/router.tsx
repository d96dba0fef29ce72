import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { sessionQuery } from './api/session';
import { resolveFieldUser } from './field/session';
import { AppLayout } from './components/AppLayout';
import { NotFound } from './components/NotFound';
import { validateHomeSearch } from './routes/homeSearch';
import { FieldHomePage } from './routes/field/FieldHomePage';
import { FieldLayout } from './routes/field/FieldLayout';
import { FieldVisitPage } from './routes/field/FieldVisitPage';
import { CampaignPage, CampaignsPage } from './routes/CampaignsPage';
import { DedupPage } from './routes/DedupPage';
import { ChangeRequestPage, ChangeRequestsPage } from './routes/ChangeRequestsPage';
import { FieldInboxPage } from './routes/FieldInboxPage';
import { FieldReviewPage } from './routes/FieldReviewPage';
import { HouseholdPage, validateHouseholdSearch } from './routes/HouseholdPage';
import { LoginPage, validateLoginSearch } from './routes/LoginPage';
import { PartnersPage } from './routes/PartnersPage';
import { ProgramPage, validateProgramSearch } from './routes/ProgramPage';
import { PlanPage, PlansPage } from './routes/PlansPage';
import { ProgramsPage } from './routes/ProgramsPage';
import { SearchPage, validateSearchSearch } from './routes/SearchPage';
import { OpenDataPage } from './routes/OpenDataPage';
import { PriorityPage } from './routes/PriorityPage';
import { SelfServicePage } from './routes/SelfServicePage';
import { validateTargetingSearch } from './routes/targetingSearch';
import { validateReportsSearch } from './routes/reportsSearch';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: validateLoginSearch,
  component: LoginPage,
});

/** Residents' self-service (Layanan Mandiri): public like login, no session needed. */
const selfServiceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/layanan-mandiri',
  component: SelfServicePage,
});

/** Data Terbuka: public aggregates (counts under 10 suppressed by the server), no session needed. */
const openDataRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/open-data',
  component: OpenDataPage,
});

/** Every page but login and self-service needs a session; without one the user is sent to sign in and brought back after. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    // TanStack Router signals redirects by throwing its redirect object, not an Error.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (!session) throw redirect({ to: '/login', search: { redirect: location.href } });
    return { session };
  },
  component: AppLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  validateSearch: validateHomeSearch,
  // The dashboard carries ECharts (~240 kB gzipped): loaded when first opened, not with the login page.
  component: lazyRouteComponent(() => import('./routes/HomePage'), 'HomePage'),
});

const searchRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/search',
  validateSearch: validateSearchSearch,
  component: SearchPage,
});

const householdRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/households/$householdId',
  validateSearch: validateHouseholdSearch,
  component: HouseholdPage,
});

const programsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/programs',
  component: ProgramsPage,
});

const programRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/programs/$code',
  validateSearch: validateProgramSearch,
  component: ProgramPage,
});

const targetingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/targeting',
  validateSearch: validateTargetingSearch,
  // Carries ECharts (the coverage heatmap): loaded when first opened.
  component: lazyRouteComponent(() => import('./routes/TargetingPage'), 'TargetingPage'),
});

const reportsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/reports',
  validateSearch: validateReportsSearch,
  component: lazyRouteComponent(() => import('./routes/ReportsPage'), 'ReportsPage'),
});

/** Rencana Aksi: RPKD and RAT plans, the approval flow, quarterly progress and realisation. */
const plansRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/plans',
  component: PlansPage,
});

const planRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/plans/$planId',
  component: PlanPage,
});

/** Lokasi Prioritas: kelurahan ranked by an explainable score, two weightings side by side. */
const priorityRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/priority',
  component: PriorityPage,
});

/** Mitra: partners' pledges, consented households, delivery reports, overlap check; the secretariat's overview. */
const partnersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/partners',
  component: PartnersPage,
});

const campaignsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/campaigns',
  component: CampaignsPage,
});

/** Impor data: upload a DTSEN extract, follow its import job, past runs (secretariat and kota TKPK). */
const importsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/imports',
  component: lazyRouteComponent(() => import('./routes/ImportsPage'), 'ImportsPage'),
});

/** Klien API: agency systems of the DCI API and change feed, their tokens and signature keys (secretariat). */
const apiClientsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/api-clients',
  component: lazyRouteComponent(() => import('./routes/ApiClientsPage'), 'ApiClientsPage'),
});

const dedupRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/duplicates',
  component: DedupPage,
});

const campaignRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/campaigns/$campaignId',
  component: CampaignPage,
});

const fieldInboxRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/field-review',
  component: FieldInboxPage,
});

const fieldReviewRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/field-review/$submissionId',
  component: FieldReviewPage,
});

const changeRequestsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/change-requests',
  component: ChangeRequestsPage,
});

const changeRequestRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/change-requests/$requestId',
  component: ChangeRequestPage,
});

/**
 * The field app (Aplikasi lapangan, an installable PWA): opens offline for the officer who last used it on this
 * device, since its data lives in IndexedDB; online it needs a session like every other page.
 */
const fieldRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/lapangan',
  beforeLoad: async ({ context, location }) => {
    const fieldUser = await resolveFieldUser(context.queryClient);
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (!fieldUser) throw redirect({ to: '/login', search: { redirect: location.href } });
    return { fieldUser };
  },
  component: FieldLayout,
});

const fieldHomeRoute = createRoute({
  getParentRoute: () => fieldRoute,
  path: '/',
  component: FieldHomePage,
});

const fieldVisitRoute = createRoute({
  getParentRoute: () => fieldRoute,
  path: 'rumah/$householdId',
  component: FieldVisitPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  selfServiceRoute,
  openDataRoute,
  fieldRoute.addChildren([fieldHomeRoute, fieldVisitRoute]),
  signedInRoute.addChildren([
    homeRoute,
    searchRoute,
    householdRoute,
    programsRoute,
    programRoute,
    targetingRoute,
    reportsRoute,
    plansRoute,
    planRoute,
    fieldInboxRoute,
    fieldReviewRoute,
    partnersRoute,
    priorityRoute,
    campaignsRoute,
    dedupRoute,
    importsRoute,
    apiClientsRoute,
    campaignRoute,
    changeRequestsRoute,
    changeRequestRoute,
  ]),
]);

/**
 * Search params as plain strings (`?region=31.75`), not the router's default JSON (`?region=%2231.75%22`):
 * region codes look like numbers. Each route's validateSearch turns the strings into typed values.
 */
function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    // Every search param of the app is a string, number or boolean (see the validateSearch functions).
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      if (value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseSearch(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

/** The app's routes (code-based), with the query client in the router context for guards. */
export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    parseSearch,
    stringifySearch,
    defaultPreload: false,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
