CREATE TABLE "campaign_assignment" (
	"campaign_id" integer NOT NULL,
	"household_id" bigint NOT NULL,
	"officer_id" integer NOT NULL,
	"assigned_by" integer NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_assignment_campaign_id_household_id_pk" PRIMARY KEY("campaign_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "verification_campaign" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"area_codes" text[] NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"criteria" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "verification_campaign_period_check" CHECK ("verification_campaign"."period_end" >= "verification_campaign"."period_start"),
	CONSTRAINT "verification_campaign_status_check" CHECK ("verification_campaign"."status" IN ('draft', 'active', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "campaign_assignment" ADD CONSTRAINT "campaign_assignment_campaign_id_verification_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."verification_campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assignment" ADD CONSTRAINT "campaign_assignment_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assignment" ADD CONSTRAINT "campaign_assignment_officer_id_app_user_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assignment" ADD CONSTRAINT "campaign_assignment_assigned_by_app_user_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_campaign" ADD CONSTRAINT "verification_campaign_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_assignment_officer_idx" ON "campaign_assignment" USING btree ("campaign_id","officer_id");--> statement-breakpoint
CREATE INDEX "campaign_assignment_household_idx" ON "campaign_assignment" USING btree ("household_id");