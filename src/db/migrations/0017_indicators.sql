CREATE TABLE "graduation_rollup" (
	"region_code" text NOT NULL,
	"cohort_snapshot_id" integer NOT NULL,
	"snapshot_id" integer NOT NULL,
	"households" integer NOT NULL,
	"in_desil_1_4" integer NOT NULL,
	"graduated" integer NOT NULL,
	"reentered" integer NOT NULL,
	"left_extreme_poverty" integer NOT NULL,
	CONSTRAINT "graduation_rollup_region_code_cohort_snapshot_id_snapshot_id_pk" PRIMARY KEY("region_code","cohort_snapshot_id","snapshot_id")
);
--> statement-breakpoint
CREATE TABLE "indicator_target" (
	"indicator_code" text NOT NULL,
	"region_code" text NOT NULL,
	"year" smallint NOT NULL,
	"value_min" double precision NOT NULL,
	"value_max" double precision NOT NULL,
	"baseline_year" smallint NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_target_indicator_code_region_code_year_pk" PRIMARY KEY("indicator_code","region_code","year")
);
--> statement-breakpoint
CREATE TABLE "indicator_value" (
	"indicator_code" text NOT NULL,
	"region_code" text NOT NULL,
	"snapshot_id" integer NOT NULL,
	"period" date NOT NULL,
	"value" double precision,
	"numerator" integer NOT NULL,
	"denominator" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_value_indicator_code_region_code_snapshot_id_pk" PRIMARY KEY("indicator_code","region_code","snapshot_id")
);
--> statement-breakpoint
CREATE TABLE "kelurahan_freshness" (
	"kelurahan_code" text PRIMARY KEY NOT NULL,
	"households" integer NOT NULL,
	"verified_households" integer NOT NULL,
	"last_verified_at" timestamp with time zone,
	"campaign_id" integer,
	"campaign_assigned" integer DEFAULT 0 NOT NULL,
	"campaign_verified" integer DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "official_indicator_stat" (
	"indicator_code" text NOT NULL,
	"region_code" text NOT NULL,
	"period" date NOT NULL,
	"value" numeric NOT NULL,
	"source" text NOT NULL,
	"confidence" text NOT NULL,
	CONSTRAINT "official_indicator_stat_indicator_code_region_code_period_pk" PRIMARY KEY("indicator_code","region_code","period")
);
--> statement-breakpoint
ALTER TABLE "indicator_target" ADD CONSTRAINT "indicator_target_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_value_region_idx" ON "indicator_value" USING btree ("region_code","snapshot_id");