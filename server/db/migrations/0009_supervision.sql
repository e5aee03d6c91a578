CREATE TABLE "supervision_case_facts" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"case_number" text NOT NULL,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"item_name_en" text NOT NULL,
	"item_group" text,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"intake_org_id" uuid NOT NULL,
	"intake_org_path" text NOT NULL,
	"decision_org_id" uuid NOT NULL,
	"decision_org_path" text NOT NULL,
	"window_id" uuid,
	"site_id" uuid,
	"one_window" boolean,
	"intake_clerk_id" uuid,
	"decider_id" uuid,
	"received_on" date,
	"accepted_on" date,
	"refused_on" date,
	"decided_on" date,
	"delivered_on" date,
	"closed_on" date,
	"certificate_issued_on" date,
	"outcome" text,
	"on_time" boolean,
	"within_statutory" boolean,
	"used_days" integer,
	"elapsed_days" integer,
	"promised_due_on" date,
	"trips" integer NOT NULL,
	"delivery_method" text,
	"rating_org_id" uuid,
	"rating_org_path" text,
	"rating_level" smallint,
	"rated_on" date,
	"rating_version" integer,
	"follow_up_due_on" date,
	"follow_up_done_on" date,
	"follow_up_open" boolean DEFAULT false NOT NULL,
	"last_event_id" bigint NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_daily_durations" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"days" integer NOT NULL,
	"cases" integer NOT NULL,
	CONSTRAINT "supervision_daily_durations_org_id_kind_day_days_pk" PRIMARY KEY("org_id","kind","day","days")
);
--> statement-breakpoint
CREATE TABLE "supervision_daily" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"received_online" integer DEFAULT 0 NOT NULL,
	"received_in_person" integer DEFAULT 0 NOT NULL,
	"received_one_window" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"decided_on_time" integer DEFAULT 0 NOT NULL,
	"decided_within_statutory" integer DEFAULT 0 NOT NULL,
	"approved" integer DEFAULT 0 NOT NULL,
	"handling_days" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"completed_one_trip" integer DEFAULT 0 NOT NULL,
	"completed_zero_trip" integer DEFAULT 0 NOT NULL,
	"delivered_approved" integer DEFAULT 0 NOT NULL,
	"delivered_electronic" integer DEFAULT 0 NOT NULL,
	"certificates_issued" integer DEFAULT 0 NOT NULL,
	"rating_1" integer DEFAULT 0 NOT NULL,
	"rating_2" integer DEFAULT 0 NOT NULL,
	"rating_3" integer DEFAULT 0 NOT NULL,
	"rating_4" integer DEFAULT 0 NOT NULL,
	"rating_5" integer DEFAULT 0 NOT NULL,
	"follow_ups_due" integer DEFAULT 0 NOT NULL,
	"follow_ups_on_time" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "supervision_daily_org_id_day_pk" PRIMARY KEY("org_id","day")
);
--> statement-breakpoint
CREATE TABLE "supervision_escalations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"case_number" text NOT NULL,
	"step" text NOT NULL,
	"due_on" date NOT NULL,
	"late_days" integer NOT NULL,
	"handler_org_id" uuid NOT NULL,
	"handler_org_path" text NOT NULL,
	"recipients" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_monthly_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"month" text NOT NULL,
	"content" jsonb NOT NULL,
	"pdf_file" text NOT NULL,
	"xlsx_file" text NOT NULL,
	"generated_by" uuid NOT NULL,
	"generated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_problem_report_counters" (
	"day" date PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_problem_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"item_code" text,
	"item_name" text,
	"case_number" text,
	"named_org_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"reporter_id" uuid,
	"contact_name" text,
	"contact_phone" text,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "supervision_problem_reports_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "supervision_rollup_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"sweep_case_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_staff_duty" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"window_id" uuid NOT NULL,
	"window_number" text NOT NULL,
	"site_id" uuid NOT NULL,
	"site_org_path" text NOT NULL,
	"status" text NOT NULL,
	"status_since" timestamp with time zone NOT NULL,
	"away_seconds" integer DEFAULT 0 NOT NULL,
	"signed_in_at" timestamp with time zone NOT NULL,
	"signed_out_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "supervision_case_facts_decision_org_path_idx" ON "supervision_case_facts" USING btree ("decision_org_path" text_pattern_ops,"decided_on");--> statement-breakpoint
CREATE INDEX "supervision_case_facts_window_id_idx" ON "supervision_case_facts" USING btree ("window_id","received_on");--> statement-breakpoint
CREATE INDEX "supervision_case_facts_intake_clerk_id_idx" ON "supervision_case_facts" USING btree ("intake_clerk_id","received_on");--> statement-breakpoint
CREATE INDEX "supervision_case_facts_decider_id_idx" ON "supervision_case_facts" USING btree ("decider_id","decided_on");--> statement-breakpoint
CREATE INDEX "supervision_case_facts_follow_up_open_idx" ON "supervision_case_facts" USING btree ("case_id") WHERE follow_up_open;--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_escalations_case_id_step_due_on_idx" ON "supervision_escalations" USING btree ("case_id","step","due_on");--> statement-breakpoint
CREATE INDEX "supervision_escalations_handler_org_path_idx" ON "supervision_escalations" USING btree ("handler_org_path" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_monthly_reports_org_id_month_idx" ON "supervision_monthly_reports" USING btree ("org_id","month");--> statement-breakpoint
CREATE INDEX "supervision_monthly_reports_org_path_idx" ON "supervision_monthly_reports" USING btree ("org_path" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "supervision_problem_reports_org_path_idx" ON "supervision_problem_reports" USING btree ("org_path" text_pattern_ops,"received_at");--> statement-breakpoint
CREATE INDEX "supervision_problem_reports_reporter_id_idx" ON "supervision_problem_reports" USING btree ("reporter_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_staff_duty_open_idx" ON "supervision_staff_duty" USING btree ("user_id") WHERE signed_out_at IS NULL;--> statement-breakpoint
CREATE INDEX "supervision_staff_duty_user_id_idx" ON "supervision_staff_duty" USING btree ("user_id","signed_in_at");--> statement-breakpoint
CREATE INDEX "supervision_staff_duty_site_org_path_idx" ON "supervision_staff_duty" USING btree ("site_org_path" text_pattern_ops,"signed_in_at");