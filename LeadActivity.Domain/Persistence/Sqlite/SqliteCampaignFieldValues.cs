using LeadActivity.Domain.Campaigns;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence.Sqlite;

/// <summary>Custom field values through SQLite's JSON functions, addressed by path (<c>$.key</c>; keys need no quoting).</summary>
internal sealed class SqliteCampaignFieldValues : ICampaignFieldValues
{
    public Task<int> CountAsync(LeadActivityDbContext db, int campaignId, string key, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<int>($"""
            SELECT COUNT(*) AS "Value" FROM "Leads"
            WHERE "CampaignId" = {campaignId} AND "OrganizationId" = {db.CurrentOrganizationId} AND json_type("Fields", {Path(key)}) IS NOT NULL
            """).SingleAsync(cancellationToken);

    public IAsyncEnumerable<StoredFieldValue> DistinctAsync(LeadActivityDbContext db, int campaignId, string key) =>
        db.Database.SqlQuery<StoredFieldValue>($"""
            SELECT json_extract("Fields", {Path(key)}) AS "Value", COUNT(*) AS "Count" FROM "Leads"
            WHERE "CampaignId" = {campaignId} AND "OrganizationId" = {db.CurrentOrganizationId}
            GROUP BY 1
            """).AsAsyncEnumerable();

    public async Task ConvertAsync(LeadActivityDbContext db, int campaignId, string key, IReadOnlyList<string?[]> conversions, CancellationToken cancellationToken)
    {
        // A keyed temporary table turns "new value of each old one" into a single scan of the campaign's leads.
        // Pooled connections keep temporary tables, hence "if not exists" and the delete.
        await db.Database.ExecuteSqlRawAsync("""CREATE TEMP TABLE IF NOT EXISTS "FieldConversion" ("Old" TEXT PRIMARY KEY, "New" TEXT)""", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM temp."FieldConversion" """, cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO temp."FieldConversion" SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each({JsonColumn.Serialize(conversions)})
            """, cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "Leads" SET "Fields" = CASE WHEN c."New" IS NULL THEN json_remove("Fields", {Path(key)}) ELSE json_set("Fields", {Path(key)}, c."New") END
            FROM temp."FieldConversion" c
            WHERE "Leads"."CampaignId" = {campaignId} AND "Leads"."OrganizationId" = {db.CurrentOrganizationId}
              AND c."Old" = json_extract("Leads"."Fields", {Path(key)})
            """, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""DROP TABLE temp."FieldConversion" """, cancellationToken);
    }

    public Task RemoveAsync(LeadActivityDbContext db, int campaignId, string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE "Leads" SET "Fields" = json_remove("Fields", {Path(key)})
            WHERE "CampaignId" = {campaignId} AND "OrganizationId" = {db.CurrentOrganizationId} AND json_type("Fields", {Path(key)}) IS NOT NULL
            """, cancellationToken);

    private static string Path(string key) => "$." + key;
}
