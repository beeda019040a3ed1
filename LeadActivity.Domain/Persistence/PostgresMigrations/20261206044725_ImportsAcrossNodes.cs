using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.PostgresMigrations
{
    /// <inheritdoc />
    public partial class ImportsAcrossNodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CancelRequested",
                table: "LeadImports",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "RowsDone",
                table: "LeadImports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "LeadImportRejectedRows",
                columns: table => new
                {
                    ImportId = table.Column<int>(type: "integer", nullable: false),
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    Csv = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeadImportRejectedRows", x => x.ImportId);
                    table.ForeignKey(
                        name: "FK_LeadImportRejectedRows_LeadImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "LeadImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LeadImportRejectedRows");

            migrationBuilder.DropColumn(
                name: "CancelRequested",
                table: "LeadImports");

            migrationBuilder.DropColumn(
                name: "RowsDone",
                table: "LeadImports");
        }
    }
}
