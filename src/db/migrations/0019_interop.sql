CREATE TABLE "api_client" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"region_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_client_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "dci_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dci_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"client_id" integer NOT NULL,
	"subscription_id" integer,
	"url" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dci_subscription" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"client_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"event_types" text[] NOT NULL,
	"callback_url" text NOT NULL,
	"cursor_txid" bigint DEFAULT 0 NOT NULL,
	"cursor_id" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'subscribe' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dci_subscription_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "dci_transaction" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dci_transaction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"client_id" integer NOT NULL,
	"transaction_id" text NOT NULL,
	"correlation_id" text NOT NULL,
	"action" text NOT NULL,
	"reference_ids" text[] NOT NULL,
	"status" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registry_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"txid" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL,
	"household_id" bigint NOT NULL,
	"event_type" text NOT NULL,
	"version" integer NOT NULL,
	"kelurahan_code" text NOT NULL,
	"previous_kelurahan_code" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dci_outbox" ADD CONSTRAINT "dci_outbox_client_id_api_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_client"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dci_outbox" ADD CONSTRAINT "dci_outbox_subscription_id_dci_subscription_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."dci_subscription"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dci_subscription" ADD CONSTRAINT "dci_subscription_client_id_api_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_client"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dci_transaction" ADD CONSTRAINT "dci_transaction_client_id_api_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."api_client"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dci_outbox_pending_idx" ON "dci_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dci_transaction_correlation_uq" ON "dci_transaction" USING btree ("correlation_id");--> statement-breakpoint
CREATE INDEX "dci_transaction_client_idx" ON "dci_transaction" USING btree ("client_id","transaction_id");--> statement-breakpoint
CREATE INDEX "registry_event_cursor_idx" ON "registry_event" USING btree ("txid","id");