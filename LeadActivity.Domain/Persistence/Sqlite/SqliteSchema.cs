using Microsoft.EntityFrameworkCore.Migrations;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>
/// The part of SQLite's schema EF's model cannot say, called from the initial migration (a regenerated one calls
/// <see cref="Up"/> last in its Up and <see cref="Down"/> first in its Down).
/// </summary>
internal static class SqliteSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        // The full-text index behind lead search: name, email, custom field values and reversed phone digits. Updates
        // and deletes of leads reach it through triggers. New leads are indexed by the code that inserts them
        // (LeadSearchIndex), in the same transaction: an insert trigger would make FTS5 flush its pending terms at
        // every row's statement savepoint, which the seed benchmark measured at a hundred times slower.
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
        // 8 MB of terms buffered before a segment is written (FTS5's default is 1 MB): bulk writes otherwise write a
        // small segment every few thousand leads and spend most of their time merging them (a million imported leads
        // indexed in 49 s with the default, 13 s with this). Small writes never fill the buffer.
        migrationBuilder.Sql("""INSERT INTO "LeadSearch" ("LeadSearch", rank) VALUES ('hashsize', 8388608);""");
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER "Leads_search_delete";""");
        migrationBuilder.Sql("""DROP TRIGGER "Leads_search_update";""");
        migrationBuilder.Sql("""DROP TABLE "LeadSearch";""");
    }
}
