CREATE TABLE "import_error" (
	"run_id" integer NOT NULL,
	"file" text NOT NULL,
	"row" integer NOT NULL,
	"column" text NOT NULL,
	"value" text,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_household_stage" (
	"run_id" integer NOT NULL,
	"row" integer NOT NULL,
	"kk_number" text,
	"kelurahan_code" text,
	"rw" text,
	"rt" text,
	"address" text,
	"tenure" text,
	"floor_area_m2" text,
	"floor_material" text,
	"wall_material" text,
	"roof_material" text,
	"water_source" text,
	"lighting_source" text,
	"electricity_va" text,
	"cooking_fuel" text,
	"toilet_facility" text,
	"has_refrigerator" text,
	"has_air_conditioner" text,
	"has_motorcycle" text,
	"has_car" text,
	"has_computer" text,
	"has_gold" text,
	"has_land" text,
	"property_njop" text
);
--> statement-breakpoint
CREATE TABLE "import_person_stage" (
	"run_id" integer NOT NULL,
	"row" integer NOT NULL,
	"kk_number" text,
	"nik" text,
	"name" text,
	"sex" text,
	"birth_date" text,
	"birth_place" text,
	"ktp_region_code" text,
	"marital_status" text,
	"education" text,
	"occupation" text,
	"disability" text,
	"chronic_illness" text,
	"school_enrolment" text,
	"relationship" text,
	"position" text
);
--> statement-breakpoint
CREATE TABLE "import_run" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"extract_date" date NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'staging' NOT NULL,
	"household_file" text NOT NULL,
	"person_file" text NOT NULL,
	"area_code" text,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cursor" text,
	"batches_done" integer DEFAULT 0 NOT NULL,
	"checksum" text,
	"error" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_unit" (
	"run_id" integer NOT NULL,
	"kk_number" text NOT NULL,
	"action" text NOT NULL,
	"household_id" integer,
	CONSTRAINT "import_unit_run_id_kk_number_pk" PRIMARY KEY("run_id","kk_number")
);
--> statement-breakpoint
ALTER TABLE "import_error" ADD CONSTRAINT "import_error_run_id_import_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_unit" ADD CONSTRAINT "import_unit_run_id_import_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_error_run_idx" ON "import_error" USING btree ("run_id","file","row");--> statement-breakpoint
CREATE INDEX "import_household_stage_kk_idx" ON "import_household_stage" USING btree ("run_id","kk_number");--> statement-breakpoint
CREATE INDEX "import_person_stage_kk_idx" ON "import_person_stage" USING btree ("run_id","kk_number");