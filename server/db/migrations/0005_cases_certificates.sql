CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"holder" jsonb NOT NULL,
	"issuer_org_id" uuid NOT NULL,
	"case_id" uuid,
	"payload" jsonb NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	"status" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	CONSTRAINT "certificates_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "seal_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_org_id" uuid,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "case_materials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"material_key" text NOT NULL,
	"status" text NOT NULL,
	"file_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"received_at" timestamp with time zone,
	"received_by" uuid
);
--> statement-breakpoint
CREATE TABLE "case_number_counters" (
	"region_code" text NOT NULL,
	"day" date NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_number_counters_region_code_day_pk" PRIMARY KEY("region_code","day")
);
--> statement-breakpoint
CREATE TABLE "case_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"status" text NOT NULL,
	"question" text NOT NULL,
	"due_on" date NOT NULL,
	"opinion" text,
	"agrees" boolean,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_trips" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"site_id" uuid,
	"window_id" uuid,
	"recorded_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_number" text NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"item_name_en" text NOT NULL,
	"implementation_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"intake_org_id" uuid NOT NULL,
	"intake_org_path" text NOT NULL,
	"decision_org_id" uuid NOT NULL,
	"decision_org_path" text NOT NULL,
	"handler_org_id" uuid NOT NULL,
	"handler_org_path" text NOT NULL,
	"applicant_id" uuid NOT NULL,
	"applicant" jsonb NOT NULL,
	"channel" text NOT NULL,
	"window_id" uuid,
	"site_id" uuid,
	"filed_by" uuid NOT NULL,
	"form_data" jsonb NOT NULL,
	"status" text NOT NULL,
	"statutory_limit" integer NOT NULL,
	"promised_limit" integer NOT NULL,
	"promised_due_on" date,
	"statutory_due_on" date,
	"received_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"accepted_on" date,
	"extended" boolean DEFAULT false NOT NULL,
	"pending_due_on" date,
	"commitment" jsonb,
	"outcome" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision" jsonb,
	"certificate_id" uuid,
	"delivery" jsonb,
	"trips" integer DEFAULT 0 NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_case_number_unique" UNIQUE("case_number")
);
--> statement-breakpoint
CREATE TABLE "commitment_breaches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"applicant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by" uuid,
	"clear_note" text
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"handling" smallint DEFAULT 1 NOT NULL,
	"level" smallint NOT NULL,
	"comment" text,
	"problems" text[] DEFAULT '{}'::text[] NOT NULL,
	"channel" text NOT NULL,
	"rated_at" timestamp with time zone NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"follow_up" jsonb,
	"follow_up_due_on" date,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_number" text NOT NULL,
	"courier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"address" text NOT NULL,
	"recipient" text NOT NULL,
	"phone" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "shipments_tracking_number_unique" UNIQUE("tracking_number")
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_key_id_seal_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."seal_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_materials" ADD CONSTRAINT "case_materials_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_tasks" ADD CONSTRAINT "case_tasks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_trips" ADD CONSTRAINT "case_trips_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_breaches" ADD CONSTRAINT "commitment_breaches_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificates_case_id_idx" ON "certificates" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "seal_keys_org_id_idx" ON "seal_keys" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "case_events_case_id_idx" ON "case_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "case_events_at_idx" ON "case_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "case_materials_case_id_material_key_idx" ON "case_materials" USING btree ("case_id","material_key");--> statement-breakpoint
CREATE INDEX "case_tasks_org_path_idx" ON "case_tasks" USING btree ("org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "case_tasks_case_id_idx" ON "case_tasks" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_trips_case_id_idx" ON "case_trips" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_filed_by_idempotency_key_idx" ON "cases" USING btree ("filed_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "cases_applicant_id_idx" ON "cases" USING btree ("applicant_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_intake_org_path_idx" ON "cases" USING btree ("intake_org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "cases_handler_org_path_idx" ON "cases" USING btree ("handler_org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "cases_status_promised_due_on_idx" ON "cases" USING btree ("status","promised_due_on");--> statement-breakpoint
CREATE INDEX "commitment_breaches_applicant_id_idx" ON "commitment_breaches" USING btree ("applicant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_case_id_handling_idx" ON "evaluations" USING btree ("case_id","handling");--> statement-breakpoint
CREATE INDEX "evaluations_org_path_idx" ON "evaluations" USING btree ("org_path" text_pattern_ops);