// Every table of Tepat, one re-export per module; drizzle-kit reads this file to generate migrations.
export * from '../modules/regions/regions.schema.ts';
export * from '../modules/registry/registry.schema.ts';
export * from '../modules/welfare/welfare.schema.ts';
export * from '../modules/access/access.schema.ts';
export * from '../modules/audit/audit.schema.ts';
export * from '../modules/synthetic/synthetic.schema.ts';
export * from '../modules/jobs/jobs.schema.ts';
export * from '../modules/programs/programs.schema.ts';
export * from '../modules/ledger/ledger.schema.ts';
export * from '../modules/targeting/targeting.schema.ts';
export * from '../modules/field/field.schema.ts';
export * from '../modules/requests/requests.schema.ts';
export * from '../modules/campaigns/campaigns.schema.ts';
export * from '../modules/plans/plans.schema.ts';
export * from '../modules/partners/partners.schema.ts';
export * from '../modules/indicators/indicators.schema.ts';
export * from '../modules/imports/imports.schema.ts';
