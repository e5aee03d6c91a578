CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"site_id" uuid NOT NULL,
	"site_org_path" text NOT NULL,
	"site_name" text NOT NULL,
	"site_name_en" text NOT NULL,
	"category" text NOT NULL,
	"department_id" uuid,
	"department_name" text,
	"department_name_en" text,
	"item_code" text,
	"item_name" text,
	"item_name_en" text,
	"applicant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"slot" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"ticket_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "appointments_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "queue_counters" (
	"site_id" uuid NOT NULL,
	"day" date NOT NULL,
	"prefix" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "queue_counters_site_id_day_prefix_pk" PRIMARY KEY("site_id","day","prefix")
);
--> statement-breakpoint
CREATE TABLE "queue_settings" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"capacities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"periods" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "queue_tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"site_org_path" text NOT NULL,
	"day" date NOT NULL,
	"category" text NOT NULL,
	"department_id" uuid,
	"number" text NOT NULL,
	"source" text NOT NULL,
	"appointment_id" uuid,
	"slot_starts_at" timestamp with time zone,
	"applicant_id" uuid,
	"phone" text,
	"status" text NOT NULL,
	"window_id" uuid,
	"window_number" text,
	"clerk_id" uuid,
	"recalls" smallint DEFAULT 0 NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"called_at" timestamp with time zone,
	"last_called_at" timestamp with time zone,
	"served_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"case_number" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "appointments_site_id_day_slot_idx" ON "appointments" USING btree ("site_id","day","category","slot");--> statement-breakpoint
CREATE INDEX "appointments_applicant_id_starts_at_idx" ON "appointments" USING btree ("applicant_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tickets_site_id_day_number_idx" ON "queue_tickets" USING btree ("site_id","day","number");--> statement-breakpoint
CREATE INDEX "queue_tickets_site_id_day_status_idx" ON "queue_tickets" USING btree ("site_id","day","status","category");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tickets_window_id_day_active_idx" ON "queue_tickets" USING btree ("window_id","day") WHERE status IN ('called', 'serving');--> statement-breakpoint
CREATE INDEX "queue_tickets_site_org_path_day_idx" ON "queue_tickets" USING btree ("site_org_path" text_pattern_ops,"day");