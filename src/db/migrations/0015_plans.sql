CREATE TABLE "plan" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"region_code" text NOT NULL,
	"owner_agency" text NOT NULL,
	"year_from" integer NOT NULL,
	"year_to" integer NOT NULL,
	"parent_plan_id" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"return_note" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_kind_check" CHECK ("plan"."kind" IN ('rpkd', 'rat')),
	CONSTRAINT "plan_status_check" CHECK ("plan"."status" IN ('draft', 'submitted', 'reviewed', 'approved', 'returned')),
	CONSTRAINT "plan_years_check" CHECK (("plan"."kind" = 'rat' AND "plan"."year_to" = "plan"."year_from") OR ("plan"."kind" = 'rpkd' AND "plan"."year_to" = "plan"."year_from" + 4))
);
--> statement-breakpoint
CREATE TABLE "plan_activity" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"title" text NOT NULL,
	"responsible_agency" text NOT NULL,
	"program_code" text,
	"pillar" smallint NOT NULL,
	"budget_year" integer NOT NULL,
	"budget" numeric(20, 2) NOT NULL,
	"priority_locations" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_activity_pillar_check" CHECK ("plan_activity"."pillar" between 1 and 4),
	CONSTRAINT "plan_activity_budget_check" CHECK ("plan_activity"."budget" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plan_activity_indicator" (
	"activity_id" integer NOT NULL,
	"kind" text NOT NULL,
	"indicator_code" text NOT NULL,
	"unit" text NOT NULL,
	"year" integer NOT NULL,
	"target" numeric(20, 4) NOT NULL,
	CONSTRAINT "plan_activity_indicator_activity_id_kind_indicator_code_year_pk" PRIMARY KEY("activity_id","kind","indicator_code","year"),
	CONSTRAINT "plan_activity_indicator_kind_check" CHECK ("plan_activity_indicator"."kind" IN ('output', 'outcome'))
);
--> statement-breakpoint
CREATE TABLE "plan_progress" (
	"activity_id" integer NOT NULL,
	"year" integer NOT NULL,
	"quarter" smallint NOT NULL,
	"budget_realised" numeric(20, 2) NOT NULL,
	"output_achieved" numeric(20, 4) NOT NULL,
	"note" text,
	"issues" text,
	"filed_by" integer NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_progress_activity_id_year_quarter_pk" PRIMARY KEY("activity_id","year","quarter"),
	CONSTRAINT "plan_progress_quarter_check" CHECK ("plan_progress"."quarter" between 1 and 4),
	CONSTRAINT "plan_progress_amounts_check" CHECK ("plan_progress"."budget_realised" >= 0 AND "plan_progress"."output_achieved" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plan_progress_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"year" integer NOT NULL,
	"quarter" smallint NOT NULL,
	"budget_realised" numeric(20, 2) NOT NULL,
	"output_achieved" numeric(20, 4) NOT NULL,
	"note" text,
	"issues" text,
	"filed_by" integer NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"replaced_by" integer NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_status_change" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"acted_by" integer NOT NULL,
	"acted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_region_code_region_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."region"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_parent_plan_id_plan_id_fk" FOREIGN KEY ("parent_plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_activity" ADD CONSTRAINT "plan_activity_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_activity" ADD CONSTRAINT "plan_activity_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_activity_indicator" ADD CONSTRAINT "plan_activity_indicator_activity_id_plan_activity_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."plan_activity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress" ADD CONSTRAINT "plan_progress_activity_id_plan_activity_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."plan_activity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress" ADD CONSTRAINT "plan_progress_filed_by_app_user_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress_history" ADD CONSTRAINT "plan_progress_history_activity_id_plan_activity_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."plan_activity"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress_history" ADD CONSTRAINT "plan_progress_history_filed_by_app_user_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_progress_history" ADD CONSTRAINT "plan_progress_history_replaced_by_app_user_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_status_change" ADD CONSTRAINT "plan_status_change_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_status_change" ADD CONSTRAINT "plan_status_change_acted_by_app_user_id_fk" FOREIGN KEY ("acted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_region_idx" ON "plan" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "plan_owner_idx" ON "plan" USING btree ("owner_agency");--> statement-breakpoint
CREATE INDEX "plan_activity_plan_idx" ON "plan_activity" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_activity_agency_idx" ON "plan_activity" USING btree ("responsible_agency");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_activity_output_key" ON "plan_activity_indicator" USING btree ("activity_id","year") WHERE "plan_activity_indicator"."kind" = 'output';--> statement-breakpoint
CREATE INDEX "plan_progress_history_key_idx" ON "plan_progress_history" USING btree ("activity_id","year","quarter");--> statement-breakpoint
CREATE INDEX "plan_status_change_plan_idx" ON "plan_status_change" USING btree ("plan_id","acted_at");