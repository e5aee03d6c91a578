CREATE TABLE "proof_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"issuer_kind" text NOT NULL,
	"legal_basis" jsonb NOT NULL,
	"status" text NOT NULL,
	"retired_on" date,
	"satisfied_by" jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"notes_en" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proof_items_code_unique" UNIQUE("code"),
	CONSTRAINT "proof_items_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "certificate_shares" (
	"id" uuid PRIMARY KEY NOT NULL,
	"certificate_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "certificate_shares_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "certificate_types" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"national_code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"dept_key" text NOT NULL,
	"holder_kinds" text[] NOT NULL,
	"fields" jsonb NOT NULL,
	"validity_years" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_types_key_unique" UNIQUE("key"),
	CONSTRAINT "certificate_types_national_code_unique" UNIQUE("national_code")
);
--> statement-breakpoint
CREATE TABLE "data_access_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resource_id" uuid NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"owner_org_path" text NOT NULL,
	"consumer_org_id" uuid NOT NULL,
	"consumer_org_path" text NOT NULL,
	"purpose" text NOT NULL,
	"requested_fields" text[] NOT NULL,
	"approved_fields" text[],
	"requested_until" date NOT NULL,
	"valid_until" date,
	"status" text NOT NULL,
	"answer" text,
	"applied_by" uuid NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"resource_id" uuid NOT NULL,
	"subject_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_resources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"owner_org_path" text NOT NULL,
	"subject_kinds" text[] NOT NULL,
	"fields" jsonb NOT NULL,
	"update_frequency" text NOT NULL,
	"sharing_type" text NOT NULL,
	"description" text NOT NULL,
	"description_en" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"published_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "data_resources_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "sharing_credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "sharing_credentials_client_id_unique" UNIQUE("client_id")
);
--> statement-breakpoint
CREATE TABLE "sharing_queries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"resource_id" uuid NOT NULL,
	"resource_code" text NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"owner_org_path" text NOT NULL,
	"consumer_org_id" uuid NOT NULL,
	"consumer_org_path" text NOT NULL,
	"credential_id" uuid,
	"actor_id" uuid,
	"case_id" uuid,
	"application_id" uuid,
	"purpose" text NOT NULL,
	"subject_id" text NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"masked_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"result" text NOT NULL,
	"denial_reason" text,
	"record_version" integer
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "identifier" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "holder_id_number" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "issuer_org_path" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Certificates from before the library: filled from what they carry; their type becomes the generic item result.
UPDATE "certificates" c SET "holder_id_number" = c."holder"->>'idNumber', "issuer_org_path" = o."path",
  "source" = CASE WHEN c."case_id" IS NULL THEN 'import' ELSE 'case' END, "valid_from" = c."issued_at",
  "type" = CASE WHEN c."type" LIKE 'item:%' THEN 'itemResult' ELSE c."type" END
  FROM "orgs" o WHERE o."id" = c."issuer_org_id";--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "holder_id_number" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "issuer_org_path" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "source" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "valid_from" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "seal_keys" ADD COLUMN "revoked_reason" text;--> statement-breakpoint
ALTER TABLE "case_materials" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "case_materials" ADD COLUMN "trust_level" text;--> statement-breakpoint
ALTER TABLE "case_materials" ADD COLUMN "reused_from" jsonb;--> statement-breakpoint
ALTER TABLE "case_materials" ADD COLUMN "consent" jsonb;--> statement-breakpoint
ALTER TABLE "case_materials" ADD COLUMN "replacement" jsonb;--> statement-breakpoint
ALTER TABLE "case_materials" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supervision_case_facts" ADD COLUMN "materials_replaced" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_daily" ADD COLUMN "materials_replaced" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_daily" ADD COLUMN "cases_with_replacement" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_shares" ADD CONSTRAINT "certificate_shares_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_access_applications" ADD CONSTRAINT "data_access_applications_resource_id_data_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."data_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_records" ADD CONSTRAINT "data_records_resource_id_data_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."data_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proof_items_status_idx" ON "proof_items" USING btree ("status","code");--> statement-breakpoint
CREATE INDEX "certificate_shares_certificate_id_idx" ON "certificate_shares" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "data_access_applications_owner_org_path_idx" ON "data_access_applications" USING btree ("owner_org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "data_access_applications_consumer_org_path_idx" ON "data_access_applications" USING btree ("consumer_org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "data_access_applications_resource_id_consumer_org_id_idx" ON "data_access_applications" USING btree ("resource_id","consumer_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_records_resource_id_subject_id_idx" ON "data_records" USING btree ("resource_id","subject_id");--> statement-breakpoint
CREATE INDEX "data_resources_owner_org_path_idx" ON "data_resources" USING btree ("owner_org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sharing_credentials_org_path_idx" ON "sharing_credentials" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "sharing_queries_subject_id_at_idx" ON "sharing_queries" USING btree ("subject_id","at");--> statement-breakpoint
CREATE INDEX "sharing_queries_owner_org_path_at_idx" ON "sharing_queries" USING btree ("owner_org_path" text_pattern_ops,"at");--> statement-breakpoint
CREATE INDEX "sharing_queries_consumer_org_path_at_idx" ON "sharing_queries" USING btree ("consumer_org_path" text_pattern_ops,"at");--> statement-breakpoint
CREATE INDEX "certificates_holder_id_number_idx" ON "certificates" USING btree ("holder_id_number","type");--> statement-breakpoint
CREATE INDEX "certificates_issuer_org_path_idx" ON "certificates" USING btree ("issuer_org_path" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_identifier_unique" UNIQUE("identifier");--> statement-breakpoint
-- Materials received before trust levels existed: a window's paper (or a file without one) was checked against the original (B); an online upload was not (C).
UPDATE "case_materials" AS m SET
	"source" = CASE WHEN c."channel" IN ('window', 'agencyPoint') OR cardinality(m."file_ids") = 0 THEN 'paper' ELSE 'upload' END,
	"trust_level" = CASE WHEN c."channel" IN ('window', 'agencyPoint') OR cardinality(m."file_ids") = 0 THEN 'B' ELSE 'C' END
FROM "cases" AS c WHERE c."id" = m."case_id" AND m."status" = 'received';--> statement-breakpoint
-- The data-sharing query log is what owners and the people the data is about rely on: append-only, like the audit log.
CREATE FUNCTION sharing_queries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sharing_queries is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sharing_queries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON sharing_queries
  FOR EACH STATEMENT EXECUTE FUNCTION sharing_queries_append_only();
