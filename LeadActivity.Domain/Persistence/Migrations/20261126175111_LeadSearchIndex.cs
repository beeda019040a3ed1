using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.Migrations
{
    /// <summary>
    /// The full-text index behind lead search: name, email, custom field values and reversed phone digits. Updates and
    /// deletes of leads reach it through triggers. New leads are indexed by the code that inserts them
    /// (<c>LeadSearchIndex</c>), in the same transaction: an insert trigger would make FTS5 flush its pending terms at
    /// every row's statement savepoint, which the seed benchmark measured at a hundred times slower.
    /// </summary>
    public partial class LeadSearchIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "LeadSearch" USING fts5(
                    name, email, fields, phones,
                    tokenize = 'unicode61 remove_diacritics 2',
                    prefix = '2 3');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Leads_search_update" AFTER UPDATE OF "Name", "Email", "Fields", "PhoneSuffixKeys" ON "Leads" BEGIN
                    UPDATE "LeadSearch"
                    SET name = new."Name", email = new."Email",
                        fields = (SELECT group_concat(value, ' ') FROM json_each(new."Fields")), phones = new."PhoneSuffixKeys"
                    WHERE rowid = old."Id";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Leads_search_delete" AFTER DELETE ON "Leads" BEGIN
                    DELETE FROM "LeadSearch" WHERE rowid = old."Id";
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "LeadSearch" (rowid, name, email, fields, phones)
                SELECT "Id", "Name", "Email", (SELECT group_concat(value, ' ') FROM json_each("Fields")), "PhoneSuffixKeys" FROM "Leads";
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Leads_search_delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "Leads_search_update";""");
            migrationBuilder.Sql("""DROP TABLE "LeadSearch";""");
        }
    }
}
