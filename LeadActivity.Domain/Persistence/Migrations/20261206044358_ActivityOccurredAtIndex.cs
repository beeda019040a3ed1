using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.Migrations
{
    /// <summary>
    /// The dashboard's figures (today's totals, the last two hours per 5 minutes) read a range of the organization's
    /// activities by time instead of its whole history; one campaign's feed reads that campaign's newest ids (the
    /// index replaces the foreign key's own).
    /// </summary>
    public partial class ActivityOccurredAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_CampaignId",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_CampaignId_Id",
                table: "Activities",
                columns: new[] { "CampaignId", "Id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_OrganizationId_OccurredAt",
                table: "Activities",
                columns: new[] { "OrganizationId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_CampaignId_Id",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_OrganizationId_OccurredAt",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_CampaignId",
                table: "Activities",
                column: "CampaignId");
        }
    }
}
