using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.PostgresMigrations
{
    /// <summary>
    /// Lead search on PostgreSQL: a generated <c>tsvector</c> column with a GIN index, matching what SQLite's FTS5
    /// index holds. Name, email and custom field values (weight A) are split into runs of letters and digits, folded
    /// to lower case without accents (the <c>lead_search</c> configuration: <c>simple</c> behind <c>unaccent</c>); the
    /// reversed digits of the phone numbers (weight B) make "ends with 0132" a prefix match. Being generated, the
    /// column follows every insert and update, bulk ones included, with no trigger and no second write.
    /// </summary>
    public partial class LeadSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;");
            migrationBuilder.Sql("CREATE TEXT SEARCH CONFIGURATION public.lead_search (COPY = pg_catalog.simple);");
            migrationBuilder.Sql("ALTER TEXT SEARCH CONFIGURATION public.lead_search ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.simple;");
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
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Leads_Search";""");
            migrationBuilder.Sql("""ALTER TABLE "Leads" DROP COLUMN "Search";""");
            migrationBuilder.Sql("DROP FUNCTION public.lead_search_vector(text, text, text, text);");
            migrationBuilder.Sql("DROP TEXT SEARCH CONFIGURATION public.lead_search;");
        }
    }
}
