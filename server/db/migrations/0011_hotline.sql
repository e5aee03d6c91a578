CREATE TABLE "hotline_dispatch_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"category_code" text NOT NULL,
	"region_code" text,
	"org_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_article_revisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category_code" text,
	"keywords" text[] NOT NULL,
	"active" boolean NOT NULL,
	"edited_by" uuid NOT NULL,
	"edited_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_articles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category_code" text,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"parent_code" text,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"open311_type" text DEFAULT 'realtime' NOT NULL,
	"notice" text DEFAULT '' NOT NULL,
	"notice_en" text DEFAULT '' NOT NULL,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_type" text DEFAULT 'report' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_escalations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"step" text NOT NULL,
	"due_on" date NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"recipients" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"centre_org_id" uuid,
	"limits" jsonb NOT NULL,
	"callback_days" integer DEFAULT 1 NOT NULL,
	"dispatch_days" integer DEFAULT 1 NOT NULL,
	"hot_topic_min_tickets" integer DEFAULT 3 NOT NULL,
	"hot_topic_days" integer DEFAULT 7 NOT NULL,
	"hot_topic_radius_meters" integer DEFAULT 500 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "hotline_open311_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"last_used_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "hotline_open311_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "hotline_callbacks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"called_on" date NOT NULL,
	"due_on" date NOT NULL,
	"by" uuid NOT NULL,
	"reached" boolean NOT NULL,
	"satisfied" boolean,
	"note" text NOT NULL,
	"centre_org_path" text NOT NULL,
	"lead_org_id" uuid NOT NULL,
	"lead_org_path" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_ticket_counters" (
	"day" date PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hotline_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_org_id" uuid,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "hotline_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"dispatched_on" date NOT NULL,
	"limit_days" integer NOT NULL,
	"due_on" date NOT NULL,
	"reply" text,
	"reply_file_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"replied_at" timestamp with time zone,
	"replied_on" date,
	"replied_by" uuid,
	"callback_due_on" date,
	"return_reason" text,
	"returned_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hotline_tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"channel" text NOT NULL,
	"type" text NOT NULL,
	"urgency" text NOT NULL,
	"status" text NOT NULL,
	"category_code" text NOT NULL,
	"description" text NOT NULL,
	"caller" jsonb NOT NULL,
	"submitter_id" uuid,
	"follow_up_code_hash" text,
	"address" text,
	"region_code" text NOT NULL,
	"township_code" text,
	"lat" double precision,
	"long" double precision,
	"address_id" text,
	"zipcode" text,
	"file_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"media_url" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"centre_org_path" text NOT NULL,
	"taken_by" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"received_on" date NOT NULL,
	"dispatch_due_on" date NOT NULL,
	"answer" jsonb,
	"round" integer DEFAULT 0 NOT NULL,
	"first_dispatched_at" timestamp with time zone,
	"first_dispatched_on" date,
	"lead_org_id" uuid,
	"lead_org_path" text,
	"due_on" date,
	"limit_days" integer,
	"returned_by" text[] DEFAULT '{}'::text[] NOT NULL,
	"extension" jsonb,
	"reopened" boolean DEFAULT false NOT NULL,
	"replied_at" timestamp with time zone,
	"callback_due_on" date,
	"last_callback" jsonb,
	"closed_at" timestamp with time zone,
	"resolution" text,
	"merged_into" uuid,
	"open311_key_id" uuid,
	"open311_token" text,
	"open311_meta" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hotline_tickets_number_unique" UNIQUE("number"),
	CONSTRAINT "hotline_tickets_open311_token_unique" UNIQUE("open311_token")
);
--> statement-breakpoint
ALTER TABLE "hotline_dispatch_rules" ADD CONSTRAINT "hotline_dispatch_rules_category_code_hotline_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."hotline_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_article_revisions" ADD CONSTRAINT "hotline_article_revisions_article_id_hotline_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."hotline_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_articles" ADD CONSTRAINT "hotline_articles_category_code_hotline_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."hotline_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_escalations" ADD CONSTRAINT "hotline_escalations_ticket_id_hotline_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."hotline_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_escalations" ADD CONSTRAINT "hotline_escalations_task_id_hotline_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."hotline_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_callbacks" ADD CONSTRAINT "hotline_callbacks_ticket_id_hotline_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."hotline_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_events" ADD CONSTRAINT "hotline_events_ticket_id_hotline_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."hotline_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_tasks" ADD CONSTRAINT "hotline_tasks_ticket_id_hotline_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."hotline_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_tickets" ADD CONSTRAINT "hotline_tickets_category_code_hotline_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."hotline_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_dispatch_rules_category_code_region_code_idx" ON "hotline_dispatch_rules" USING btree ("category_code",coalesce("region_code", ''));--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_article_revisions_article_id_version_idx" ON "hotline_article_revisions" USING btree ("article_id","version");--> statement-breakpoint
CREATE INDEX "hotline_articles_updated_at_idx" ON "hotline_articles" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "hotline_categories_parent_code_idx" ON "hotline_categories" USING btree ("parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_escalations_task_id_step_due_on_idx" ON "hotline_escalations" USING btree ("task_id","step","due_on");--> statement-breakpoint
CREATE INDEX "hotline_callbacks_called_on_idx" ON "hotline_callbacks" USING btree ("called_on");--> statement-breakpoint
CREATE INDEX "hotline_callbacks_ticket_id_idx" ON "hotline_callbacks" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "hotline_events_ticket_id_idx" ON "hotline_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "hotline_tasks_ticket_id_idx" ON "hotline_tasks" USING btree ("ticket_id","round");--> statement-breakpoint
CREATE INDEX "hotline_tasks_org_path_idx" ON "hotline_tasks" USING btree ("org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "hotline_tasks_replied_on_idx" ON "hotline_tasks" USING btree ("replied_on");--> statement-breakpoint
CREATE INDEX "hotline_tasks_callback_due_on_idx" ON "hotline_tasks" USING btree ("callback_due_on");--> statement-breakpoint
CREATE INDEX "hotline_tickets_centre_org_path_idx" ON "hotline_tickets" USING btree ("centre_org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "hotline_tickets_lead_org_path_idx" ON "hotline_tickets" USING btree ("lead_org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "hotline_tickets_received_at_idx" ON "hotline_tickets" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "hotline_tickets_category_code_received_at_idx" ON "hotline_tickets" USING btree ("category_code","received_at");--> statement-breakpoint
CREATE INDEX "hotline_tickets_submitter_id_idx" ON "hotline_tickets" USING btree ("submitter_id");--> statement-breakpoint
CREATE INDEX "hotline_tickets_merged_into_idx" ON "hotline_tickets" USING btree ("merged_into");--> statement-breakpoint
CREATE INDEX "hotline_tickets_status_idx" ON "hotline_tickets" USING btree ("status");--> statement-breakpoint
CREATE INDEX "hotline_tickets_received_on_idx" ON "hotline_tickets" USING btree ("received_on");--> statement-breakpoint
CREATE INDEX "hotline_tickets_first_dispatched_on_idx" ON "hotline_tickets" USING btree ("first_dispatched_on");--> statement-breakpoint
-- A ticket's events and an article's versions are their history: append-only, like the case events.
CREATE FUNCTION hotline_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER hotline_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON hotline_events
  FOR EACH STATEMENT EXECUTE FUNCTION hotline_history_append_only();
--> statement-breakpoint
CREATE TRIGGER hotline_article_revisions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON hotline_article_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION hotline_history_append_only();
