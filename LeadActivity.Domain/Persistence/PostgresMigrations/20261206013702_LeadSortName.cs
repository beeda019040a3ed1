using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.PostgresMigrations
{
    /// <summary>
    /// The name's sort key (accents and case folded, written by the app: LeadName.SortKey) and the Leads page's order
    /// by name on it. The key has the "C" collation and the index compares the name under it too, so PostgreSQL
    /// orders names byte by byte as SQLite does, whatever the database's collation; with the id last, the index is in
    /// the page's order, read forwards or backwards. Existing rows are keyed at start-up (LeadSortNames).
    /// </summary>
    public partial class LeadSortName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_OrganizationId_Name",
                table: "Leads");

            migrationBuilder.AddColumn<string>(
                name: "SortName",
                table: "Leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.Sql("""
                CREATE INDEX "IX_Leads_OrganizationId_SortName_Name" ON "Leads" ("OrganizationId", "SortName", "Name" COLLATE "C", "Id");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Leads_SortNameMissing",
                table: "Leads",
                column: "Id",
                filter: "\"SortName\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_OrganizationId_SortName_Name",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_SortNameMissing",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "SortName",
                table: "Leads");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_OrganizationId_Name",
                table: "Leads",
                columns: new[] { "OrganizationId", "Name" });
        }
    }
}
