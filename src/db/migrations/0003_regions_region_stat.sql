CREATE TABLE "region_stat" (
	"region_code" text PRIMARY KEY NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"persons" integer DEFAULT 0 NOT NULL,
	"desil_counts" integer[] NOT NULL,
	"extreme_poor_households" integer DEFAULT 0 NOT NULL,
	"snapshot_id" integer,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "region_stat" ADD CONSTRAINT "region_stat_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE cascade ON UPDATE no action;