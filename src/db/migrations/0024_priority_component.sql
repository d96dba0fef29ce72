CREATE TABLE "priority_component" (
	"kelurahan_code" text PRIMARY KEY NOT NULL,
	"snapshot_id" integer,
	"households" integer NOT NULL,
	"extreme_poor" integer NOT NULL,
	"desil14" integer NOT NULL,
	"deprived_housing" integer NOT NULL,
	"coverage_slots" integer NOT NULL,
	"coverage_uncovered" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
