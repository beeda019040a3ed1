namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>The PostgreSQL import's SQL, beside SQLite's <c>LeadImportSql</c>.</summary>
internal static class PostgresLeadImportSql
{
    // Staging tables of the transaction's own: dropped at its end whatever the end, and, being created in it, emptied
    // in place by TRUNCATE after each batch.
    public const string Prepare = """
        SELECT pg_advisory_xact_lock(@lock, @campaign);
        CREATE TEMP TABLE lead_stage ("Order" integer, "Name" text, "SortName" text, "Phone" text, "WhatsApp" text, "Email" text, "PhoneSuffixKeys" text, "Fields" text, "Country" text)
            ON COMMIT DROP;
        CREATE TEMP TABLE import_updates ("LeadId" integer, "Name" text, "SortName" text, "Email" text, "Fields" text) ON COMMIT DROP;
        """;

    public const string CopyLeads =
        """COPY lead_stage ("Order", "Name", "SortName", "Phone", "WhatsApp", "Email", "PhoneSuffixKeys", "Fields", "Country") FROM STDIN (FORMAT BINARY)""";

    public const string CopyUpdates = """COPY import_updates ("LeadId", "Name", "SortName", "Email", "Fields") FROM STDIN (FORMAT BINARY)""";

    // The campaign lock keeps imports from racing each other; ON CONFLICT covers any other writer of the campaign's
    // numbers (the unique index on CampaignId + Phone): its lead stays, this row counts as skipped.
    public const string MoveStagedLeads = """
        INSERT INTO "Leads" ("OrganizationId", "CampaignId", "Name", "SortName", "Phone", "WhatsApp", "Email", "PhoneSuffixKeys", "Status", "Fields",
            "CreatedAt", "UpdatedAt", "ImportId", "Country")
        SELECT @organization, @campaign, "Name", "SortName", "Phone", "WhatsApp", "Email", "PhoneSuffixKeys", @status, "Fields", @now, @now, @import, "Country"
        FROM lead_stage ORDER BY "Order"
        ON CONFLICT ("CampaignId", "Phone") WHERE "Phone" IS NOT NULL DO NOTHING
        """;

    public const string ClearStagedLeads = "TRUNCATE lead_stage";

    // The custom fields are a flat object of strings: jsonb's || is SQLite's json_patch for them (the row's values win).
    public const string ApplyUpdates = """
        UPDATE "Leads" AS l SET
            "Name" = coalesce(u."Name", l."Name"),
            "SortName" = coalesce(u."SortName", l."SortName"),
            "Email" = coalesce(u."Email", l."Email"),
            "Fields" = (l."Fields"::jsonb || u."Fields"::jsonb)::text,
            "UpdatedAt" = @now
        FROM import_updates AS u
        WHERE l."Id" = u."LeadId" AND l."OrganizationId" = @organization
        """;

    // Only an import still running on this server completes: one another server has marked failed stays failed.
    public const string Finish = """
        UPDATE "LeadImports" SET "State" = 'Completed', "Rows" = @rows, "Created" = @created, "Updated" = @updated,
            "Skipped" = @skipped, "Rejected" = @rejected, "FinishedAt" = @finished, "Message" = NULL
        WHERE "Id" = @id AND "State" = 'Running' AND "Node" IS NOT DISTINCT FROM @node
        """;
}
