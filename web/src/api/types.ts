import type { paths } from './schema';

/** The JSON body of an operation's 200 response, straight from the generated OpenAPI types. */
type JsonOf<Operation> = Operation extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/** The query parameters of an operation. */
type QueryOf<Operation> = Operation extends { parameters: { query?: infer Query } }
  ? NonNullable<Query>
  : never;

export type Session = JsonOf<paths['/api/v1/auth/me']['get']>;
export type SessionUser = Session['user'];
export type Role = SessionUser['role'];

export type RegionDetail = JsonOf<paths['/api/v1/regions/{code}']['get']>;
export type Region = RegionDetail['region'];
export type RegionAncestor = RegionDetail['ancestors'][number];
export type RegionLevel = Region['level'];
export type RegionStats = Region['stats'];
export type RegionMap = JsonOf<paths['/api/v1/regions/{code}/map']['get']>;
export type RegionMapFeature = RegionMap['features'][number];
export type MapLevel = NonNullable<QueryOf<paths['/api/v1/regions/{code}/map']['get']>['level']>;

export type PovertyStatistics = JsonOf<paths['/api/v1/statistics/poverty']['get']>;
export type PovertyTarget = NonNullable<PovertyStatistics['target']>;

export type HouseholdSearchQuery = QueryOf<paths['/api/v1/households']['get']>;
export type HouseholdSearchResult = JsonOf<paths['/api/v1/households']['get']>;
export type HouseholdSummary = HouseholdSearchResult['items'][number];
export type HouseholdProfile = JsonOf<paths['/api/v1/households/{id}']['get']>;
export type HouseholdAttributes = HouseholdProfile['attributes'];
export type HouseholdMember = HouseholdProfile['members'][number];
export type WelfareRanking = HouseholdProfile['welfare']['history'][number];
export type HouseholdHistory = JsonOf<paths['/api/v1/households/{id}/history']['get']>;
export type HouseholdVersion = HouseholdHistory['versions'][number];
