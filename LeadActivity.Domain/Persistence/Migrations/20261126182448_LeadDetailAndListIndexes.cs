using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LeadDetailAndListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_CampaignId_Status_LastActivityAt",
                table: "Leads");

            migrationBuilder.AddColumn<string>(
                name: "AuthorId",
                table: "Notes",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "FollowUpId",
                table: "Activities",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NoteId",
                table: "Activities",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Leads_OrganizationId_CampaignId_Status_LastActivityAt",
                table: "Leads",
                columns: new[] { "OrganizationId", "CampaignId", "Status", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Leads_SearchHit",
                table: "Leads",
                columns: new[] { "Id", "OrganizationId", "CampaignId", "Status", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_LeadId_OccurredAt_Id",
                table: "Activities",
                columns: new[] { "LeadId", "OccurredAt", "Id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_NoteId",
                table: "Activities",
                column: "NoteId");

            migrationBuilder.AddForeignKey(
                name: "FK_Activities_Notes_NoteId",
                table: "Activities",
                column: "NoteId",
                principalTable: "Notes",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Activities_Notes_NoteId",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Leads_OrganizationId_CampaignId_Status_LastActivityAt",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Leads_SearchHit",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Activities_LeadId_OccurredAt_Id",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_NoteId",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "AuthorId",
                table: "Notes");

            migrationBuilder.DropColumn(
                name: "FollowUpId",
                table: "Activities");

            migrationBuilder.DropColumn(
                name: "NoteId",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_CampaignId_Status_LastActivityAt",
                table: "Leads",
                columns: new[] { "CampaignId", "Status", "LastActivityAt" });
        }
    }
}
