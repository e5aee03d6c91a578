CREATE TABLE "catalog_revision" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"revision" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "implementations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"declared" jsonb NOT NULL,
	"promised_limit" integer NOT NULL,
	"site_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"hours" text DEFAULT '' NOT NULL,
	"hours_en" text DEFAULT '' NOT NULL,
	"fee_note" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"type" text NOT NULL,
	"applicant_kinds" text[] NOT NULL,
	"legal_basis" jsonb NOT NULL,
	"conditions" text NOT NULL,
	"conditions_en" text NOT NULL,
	"process" jsonb NOT NULL,
	"materials" jsonb NOT NULL,
	"statutory_limit" integer NOT NULL,
	"promised_limit" integer NOT NULL,
	"fees" jsonb NOT NULL,
	"channels" text[] NOT NULL,
	"trips" integer NOT NULL,
	"pending_allowed" boolean NOT NULL,
	"intake_level" text NOT NULL,
	"decision_level" text NOT NULL,
	"implemented_at" text[] NOT NULL,
	"window_category" text NOT NULL,
	"life_events" text[] NOT NULL,
	"company_events" text[] NOT NULL,
	"keywords" text[] NOT NULL,
	"form_schema" jsonb NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"submitted_by" uuid,
	"review_note" text,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_trip_batches" (
	"number" integer PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"published_on" date,
	"published_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_trip_entries" (
	"batch" integer NOT NULL,
	"item_id" uuid NOT NULL,
	CONSTRAINT "one_trip_entries_batch_item_id_pk" PRIMARY KEY("batch","item_id")
);
--> statement-breakpoint
CREATE TABLE "service_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"dept_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_items_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "implementations" ADD CONSTRAINT "implementations_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "implementations" ADD CONSTRAINT "implementations_version_id_item_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."item_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_trip_entries" ADD CONSTRAINT "one_trip_entries_batch_one_trip_batches_number_fk" FOREIGN KEY ("batch") REFERENCES "public"."one_trip_batches"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_trip_entries" ADD CONSTRAINT "one_trip_entries_item_id_service_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."service_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "implementations_item_id_org_id_idx" ON "implementations" USING btree ("item_id","org_id");--> statement-breakpoint
CREATE INDEX "implementations_org_id_idx" ON "implementations" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "item_versions_item_id_number_idx" ON "item_versions" USING btree ("item_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "item_versions_published_idx" ON "item_versions" USING btree ("item_id") WHERE status = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "item_versions_open_idx" ON "item_versions" USING btree ("item_id") WHERE status IN ('draft', 'inReview');--> statement-breakpoint
CREATE UNIQUE INDEX "one_trip_entries_item_id_idx" ON "one_trip_entries" USING btree ("item_id");