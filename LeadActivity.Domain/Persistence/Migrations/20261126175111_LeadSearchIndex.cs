using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadActivity.Domain.Persistence.Migrations
{
    /// <summary>
    /// The full-text index behind lead search: name, email, custom field values and reversed phone digits, kept in
    /// step with <c>Leads</c> by triggers, so every write path (EF, bulk inserts) updates it in the same transaction.
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
                CREATE TRIGGER "Leads_search_insert" AFTER INSERT ON "Leads" BEGIN
                    INSERT INTO "LeadSearch" (rowid, name, email, fields, phones)
                    VALUES (new."Id", new."Name", new."Email",
                            (SELECT group_concat(value, ' ') FROM json_each(new."Fields")), new."PhoneSuffixKeys");
                END;
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
            migrationBuilder.Sql("""DROP TRIGGER "Leads_search_insert";""");
            migrationBuilder.Sql("""DROP TABLE "LeadSearch";""");
        }
    }
}
