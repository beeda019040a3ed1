using Microsoft.EntityFrameworkCore.Migrations;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>
/// The part of PostgreSQL's schema EF's model cannot say, called from the initial migration (a regenerated one calls
/// <see cref="Up"/> last in its Up and <see cref="Down"/> first in its Down).
/// </summary>
internal static class PostgresSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        // Lead search: a generated tsvector column with a GIN index, matching what SQLite's FTS5 index holds. Name,
        // email and custom field values (weight A) are split into runs of letters and digits, folded to lower case
        // without accents (the lead_search configuration: simple behind unaccent, also for words mixing letters and
        // digits, as SQLite's tokenizer does); the reversed digits of the phone numbers (weight B) make "ends with
        // 0132" a prefix match. Being generated, the column follows every insert and update, bulk ones included.
        migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;");
        migrationBuilder.Sql("CREATE TEXT SEARCH CONFIGURATION public.lead_search (COPY = pg_catalog.simple);");
        migrationBuilder.Sql("ALTER TEXT SEARCH CONFIGURATION public.lead_search ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.simple;");
        migrationBuilder.Sql("ALTER TEXT SEARCH CONFIGURATION public.lead_search ALTER MAPPING FOR numword, numhword, hword_numpart WITH public.unaccent, pg_catalog.simple;");
        migrationBuilder.Sql("""
            CREATE FUNCTION public.lead_search_vector(name text, email text, fields text, phones text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT setweight(pg_catalog.to_tsvector('public.lead_search'::regconfig, pg_catalog.translate(
                           concat_ws(' ', name, email, (SELECT string_agg(value, ' ') FROM pg_catalog.jsonb_each_text(fields::jsonb))),
                           '@._-+/:#&,;()[]"''', '                  ')), 'A')
                    || setweight(pg_catalog.to_tsvector('public.lead_search'::regconfig, coalesce(phones, '')), 'B')
            $$;
            """);
        migrationBuilder.Sql("""
            ALTER TABLE "Leads" ADD "Search" tsvector
                GENERATED ALWAYS AS (public.lead_search_vector("Name", "Email", "Fields", "PhoneSuffixKeys")) STORED;
            """);
        migrationBuilder.Sql("""CREATE INDEX "IX_Leads_Search" ON "Leads" USING gin ("Search");""");

        // The Leads page's own order: newest activity first with never-active leads last (NULLS LAST, as SQLite sorts
        // them), ties by id. Read forwards they serve the default sort, backwards its reverse; without them PostgreSQL
        // sorts all of an organization's leads for every page (400k leads: 276 ms against 0.07 ms).
        migrationBuilder.Sql("""
            CREATE INDEX "IX_Leads_Organization_Activity_Order" ON "Leads" ("OrganizationId", "LastActivityAt" DESC NULLS LAST, "Id" DESC);
            """);
        migrationBuilder.Sql("""
            CREATE INDEX "IX_Leads_Organization_Status_Activity_Order" ON "Leads" ("OrganizationId", "Status", "LastActivityAt" DESC NULLS LAST, "Id" DESC);
            """);
        migrationBuilder.Sql("""
            CREATE INDEX "IX_Leads_Organization_Campaign_Activity_Order" ON "Leads" ("OrganizationId", "CampaignId", "LastActivityAt" DESC NULLS LAST, "Id" DESC);
            """);

        // By name: the sort key (collation "C" in the model) and the name compared under "C" too, then the id, so the
        // index is in the page's order whatever the database's collation. EF cannot give one index column a collation.
        migrationBuilder.Sql("""DROP INDEX "IX_Leads_OrganizationId_SortName_Name";""");
        migrationBuilder.Sql("""
            CREATE INDEX "IX_Leads_OrganizationId_SortName_Name" ON "Leads" ("OrganizationId", "SortName", "Name" COLLATE "C", "Id");
            """);
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP INDEX "IX_Leads_Organization_Campaign_Activity_Order";""");
        migrationBuilder.Sql("""DROP INDEX "IX_Leads_Organization_Status_Activity_Order";""");
        migrationBuilder.Sql("""DROP INDEX "IX_Leads_Organization_Activity_Order";""");
        migrationBuilder.Sql("""DROP INDEX "IX_Leads_Search";""");
        migrationBuilder.Sql("""ALTER TABLE "Leads" DROP COLUMN "Search";""");
        migrationBuilder.Sql("DROP FUNCTION public.lead_search_vector(text, text, text, text);");
        migrationBuilder.Sql("DROP TEXT SEARCH CONFIGURATION public.lead_search;");
    }
}
