CREATE TABLE "program" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"pillar" smallint NOT NULL,
	"agency" text NOT NULL,
	"level" text NOT NULL,
	"unit" text NOT NULL,
	"benefit_kind" text NOT NULL,
	"benefit_period" text,
	"purpose_group" text NOT NULL,
	"legal_basis" text,
	"description" text NOT NULL,
	"active_from" date,
	"active_to" date,
	"confidence" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "program_pillar_check" CHECK ("program"."pillar" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "program_benefit" (
	"id" serial PRIMARY KEY NOT NULL,
	"program_code" text NOT NULL,
	"component" text,
	"valid_from" date NOT NULL,
	"amount" bigint,
	"period" text,
	"confidence" text NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_budget" (
	"id" serial PRIMARY KEY NOT NULL,
	"program_code" text NOT NULL,
	"year" integer NOT NULL,
	"region_code" text NOT NULL,
	"budget" bigint,
	"quota" integer,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_rule" (
	"id" serial PRIMARY KEY NOT NULL,
	"program_code" text NOT NULL,
	"version" integer NOT NULL,
	"rule_text" text NOT NULL,
	"unit" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "program_benefit" ADD CONSTRAINT "program_benefit_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_budget" ADD CONSTRAINT "program_budget_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_budget" ADD CONSTRAINT "program_budget_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_rule" ADD CONSTRAINT "program_rule_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_rule" ADD CONSTRAINT "program_rule_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "program_agency_idx" ON "program" USING btree ("agency");--> statement-breakpoint
CREATE UNIQUE INDEX "program_benefit_key" ON "program_benefit" USING btree ("program_code",coalesce("component", ''),"valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "program_budget_key" ON "program_budget" USING btree ("program_code","year","region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "program_rule_version_key" ON "program_rule" USING btree ("program_code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "program_rule_active_key" ON "program_rule" USING btree ("program_code") WHERE "program_rule"."is_active";