using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LeadSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SourceId",
                table: "LeadImports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LeadSources",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Paging = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    PageParameter = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CursorParameter = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NextCursorProperty = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ItemsProperty = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Auth = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    AuthHeaderName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ProtectedSecret = table.Column<string>(type: "TEXT", nullable: true),
                    SecretHint = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    FilterQuery = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Mapping = table.Column<string>(type: "TEXT", nullable: false),
                    Existing = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    ScheduleHours = table.Column<int>(type: "INTEGER", nullable: true),
                    NextPullAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastPullAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeadSources", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeadSources_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LeadSources_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LeadSources_CampaignId",
                table: "LeadSources",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_LeadSources_NextPullAt",
                table: "LeadSources",
                column: "NextPullAt");

            migrationBuilder.CreateIndex(
                name: "IX_LeadSources_OrganizationId_CampaignId",
                table: "LeadSources",
                columns: new[] { "OrganizationId", "CampaignId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LeadSources");

            migrationBuilder.DropColumn(
                name: "SourceId",
                table: "LeadImports");
        }
    }
}
