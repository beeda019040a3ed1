using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.PostgresMigrations
{
    /// <summary>
    /// Indexes in the Leads page's own order on PostgreSQL: newest activity first with never-active leads last
    /// (<c>NULLS LAST</c>, as SQLite sorts them), ties by id. Read forwards they serve the default sort, backwards its
    /// reverse; without them PostgreSQL sorts all of an organization's leads for every page (400k leads: 276 ms
    /// against 0.07 ms). SQLite's equivalents are in the model. Also folds accents in words mixing letters and digits
    /// ("Müller2"), as SQLite's tokenizer does.
    /// </summary>
    public partial class LeadListOrder : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Leads_Organization_Activity_Order" ON "Leads" ("OrganizationId", "LastActivityAt" DESC NULLS LAST, "Id" DESC);
                """);
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Leads_Organization_Status_Activity_Order" ON "Leads" ("OrganizationId", "Status", "LastActivityAt" DESC NULLS LAST, "Id" DESC);
                """);
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Leads_Organization_Campaign_Activity_Order" ON "Leads" ("OrganizationId", "CampaignId", "LastActivityAt" DESC NULLS LAST, "Id" DESC);
                """);
            migrationBuilder.Sql("ALTER TEXT SEARCH CONFIGURATION public.lead_search ALTER MAPPING FOR numword, numhword, hword_numpart WITH public.unaccent, pg_catalog.simple;");
            // The generated column is computed at write time: recompute it for rows written before the change.
            migrationBuilder.Sql("""UPDATE "Leads" SET "Name" = "Name" WHERE "Search" IS DISTINCT FROM public.lead_search_vector("Name", "Email", "Fields", "PhoneSuffixKeys");""");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TEXT SEARCH CONFIGURATION public.lead_search ALTER MAPPING FOR numword, numhword, hword_numpart WITH pg_catalog.simple;");
            migrationBuilder.Sql("""DROP INDEX "IX_Leads_Organization_Campaign_Activity_Order";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Leads_Organization_Status_Activity_Order";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Leads_Organization_Activity_Order";""");
        }
    }
}
