using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.Migrations
{
    /// <summary>
    /// The name's sort key (accents and case folded, written by the app: LeadName.SortKey) and the Leads page's order
    /// by name on it, in place of the order by the name as written. A new column and indexes only: the table is not
    /// rebuilt, so the search index's triggers stay. Existing rows are keyed at start-up (LeadSortNames).
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
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Leads_OrganizationId_SortName_Name",
                table: "Leads",
                columns: new[] { "OrganizationId", "SortName", "Name" });

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
