CREATE TABLE "partner_assignment" (
	"id" serial PRIMARY KEY NOT NULL,
	"pledge_id" integer NOT NULL,
	"household_id" bigint NOT NULL,
	"consent_id" integer NOT NULL,
	"assigned_by" integer,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "partner_consent" (
	"id" serial PRIMARY KEY NOT NULL,
	"household_id" bigint NOT NULL,
	"organisation_code" text NOT NULL,
	"pillar" smallint NOT NULL,
	"purpose" text NOT NULL,
	"consenting_person_id" bigint NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"evidence_file_id" uuid,
	"contact_phone" text,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" integer,
	"withdrawal_reason" text,
	CONSTRAINT "partner_consent_pillar_check" CHECK ("partner_consent"."pillar" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "partner_delivery" (
	"id" serial PRIMARY KEY NOT NULL,
	"assignment_id" integer NOT NULL,
	"pledge_id" integer NOT NULL,
	"household_id" bigint NOT NULL,
	"enrolment_id" bigint NOT NULL,
	"delivery_id" bigint NOT NULL,
	"service" text NOT NULL,
	"delivered_on" date NOT NULL,
	"value" bigint NOT NULL,
	"reported_by" integer,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_delivery_value_check" CHECK ("partner_delivery"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "partner_organisation" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"pillars" smallint[] DEFAULT '{}'::smallint[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_organisation_code_check" CHECK ("partner_organisation"."code" ~ '^[A-Z0-9_-]{2,32}$')
);
--> statement-breakpoint
CREATE TABLE "partner_pledge" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_code" text NOT NULL,
	"pillar" smallint NOT NULL,
	"program_code" text,
	"plan_activity_id" integer,
	"locations" text[] DEFAULT '{}'::text[] NOT NULL,
	"amount" bigint,
	"households_target" integer,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text DEFAULT 'pledged' NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_pledge_pillar_check" CHECK ("partner_pledge"."pillar" between 1 and 4),
	CONSTRAINT "partner_pledge_value_check" CHECK ("partner_pledge"."amount" IS NOT NULL OR "partner_pledge"."households_target" IS NOT NULL),
	CONSTRAINT "partner_pledge_amount_check" CHECK ("partner_pledge"."amount" IS NULL OR "partner_pledge"."amount" >= 0),
	CONSTRAINT "partner_pledge_target_check" CHECK ("partner_pledge"."households_target" IS NULL OR "partner_pledge"."households_target" > 0),
	CONSTRAINT "partner_pledge_period_check" CHECK ("partner_pledge"."period_end" >= "partner_pledge"."period_start")
);
--> statement-breakpoint
ALTER TABLE "partner_assignment" ADD CONSTRAINT "partner_assignment_pledge_id_partner_pledge_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."partner_pledge"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_assignment" ADD CONSTRAINT "partner_assignment_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_assignment" ADD CONSTRAINT "partner_assignment_consent_id_partner_consent_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."partner_consent"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_assignment" ADD CONSTRAINT "partner_assignment_assigned_by_app_user_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_consent" ADD CONSTRAINT "partner_consent_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_consent" ADD CONSTRAINT "partner_consent_organisation_code_partner_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "public"."partner_organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_consent" ADD CONSTRAINT "partner_consent_consenting_person_id_person_id_fk" FOREIGN KEY ("consenting_person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_consent" ADD CONSTRAINT "partner_consent_evidence_file_id_evidence_file_id_fk" FOREIGN KEY ("evidence_file_id") REFERENCES "public"."evidence_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_consent" ADD CONSTRAINT "partner_consent_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_consent" ADD CONSTRAINT "partner_consent_withdrawn_by_app_user_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_delivery" ADD CONSTRAINT "partner_delivery_assignment_id_partner_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."partner_assignment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_delivery" ADD CONSTRAINT "partner_delivery_pledge_id_partner_pledge_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."partner_pledge"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_delivery" ADD CONSTRAINT "partner_delivery_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_delivery" ADD CONSTRAINT "partner_delivery_enrolment_id_enrolment_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_delivery" ADD CONSTRAINT "partner_delivery_delivery_id_delivery_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."delivery"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_delivery" ADD CONSTRAINT "partner_delivery_reported_by_app_user_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_pledge" ADD CONSTRAINT "partner_pledge_organisation_code_partner_organisation_code_fk" FOREIGN KEY ("organisation_code") REFERENCES "public"."partner_organisation"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_pledge" ADD CONSTRAINT "partner_pledge_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_pledge" ADD CONSTRAINT "partner_pledge_plan_activity_id_plan_activity_id_fk" FOREIGN KEY ("plan_activity_id") REFERENCES "public"."plan_activity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_pledge" ADD CONSTRAINT "partner_pledge_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "partner_assignment_open_key" ON "partner_assignment" USING btree ("pledge_id","household_id") WHERE "partner_assignment"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "partner_assignment_household_idx" ON "partner_assignment" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "partner_assignment_consent_idx" ON "partner_assignment" USING btree ("consent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_consent_open_key" ON "partner_consent" USING btree ("household_id","organisation_code","pillar") WHERE "partner_consent"."withdrawn_at" IS NULL;--> statement-breakpoint
CREATE INDEX "partner_consent_organisation_idx" ON "partner_consent" USING btree ("organisation_code");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_delivery_delivery_key" ON "partner_delivery" USING btree ("delivery_id");--> statement-breakpoint
CREATE INDEX "partner_delivery_pledge_idx" ON "partner_delivery" USING btree ("pledge_id");--> statement-breakpoint
CREATE INDEX "partner_pledge_organisation_idx" ON "partner_pledge" USING btree ("organisation_code");