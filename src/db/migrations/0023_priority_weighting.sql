CREATE TABLE "priority_weighting" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"w_extreme_poor" numeric NOT NULL,
	"w_desil14" numeric NOT NULL,
	"w_coverage_gap" numeric NOT NULL,
	"w_housing" numeric NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	CONSTRAINT "priority_weighting_weights_check" CHECK ("priority_weighting"."w_extreme_poor" >= 0 AND "priority_weighting"."w_desil14" >= 0 AND "priority_weighting"."w_coverage_gap" >= 0 AND "priority_weighting"."w_housing" >= 0
        AND "priority_weighting"."w_extreme_poor" + "priority_weighting"."w_desil14" + "priority_weighting"."w_coverage_gap" + "priority_weighting"."w_housing" = 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "priority_weighting_code_uq" ON "priority_weighting" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "priority_weighting_default_uq" ON "priority_weighting" USING btree ("is_default") WHERE "priority_weighting"."is_default";