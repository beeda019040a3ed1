using LeadActivity.Domain.Campaigns;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Persistence.Postgres;

/// <summary>Custom field values through <c>jsonb</c>: the text column is read as jsonb and takes the key itself.</summary>
internal sealed class PostgresCampaignFieldValues : ICampaignFieldValues
{
    public Task<int> CountAsync(LeadActivityDbContext db, int campaignId, string key, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<int>($"""
            SELECT COUNT(*)::int AS "Value" FROM "Leads"
            WHERE "CampaignId" = {campaignId} AND "OrganizationId" = {db.CurrentOrganizationId} AND "Fields"::jsonb -> {key} IS NOT NULL
            """).SingleAsync(cancellationToken);

    public IAsyncEnumerable<StoredFieldValue> DistinctAsync(LeadActivityDbContext db, int campaignId, string key) =>
        db.Database.SqlQuery<StoredFieldValue>($"""
            SELECT "Fields"::jsonb ->> {key} AS "Value", COUNT(*)::int AS "Count" FROM "Leads"
            WHERE "CampaignId" = {campaignId} AND "OrganizationId" = {db.CurrentOrganizationId}
            GROUP BY 1
            """).AsAsyncEnumerable();

    // The (old, new) pairs are a jsonb array joined in place: one scan of the campaign's leads, no temporary table.
    public Task ConvertAsync(LeadActivityDbContext db, int campaignId, string key, IReadOnlyList<string?[]> conversions, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE "Leads" SET "Fields" = (CASE WHEN c.pair ->> 1 IS NULL THEN "Fields"::jsonb - {key}
                                                ELSE jsonb_set("Fields"::jsonb, ARRAY[{key}], c.pair -> 1) END)::text
            FROM jsonb_array_elements({JsonColumn.Serialize(conversions)}::jsonb) AS c(pair)
            WHERE "Leads"."CampaignId" = {campaignId} AND "Leads"."OrganizationId" = {db.CurrentOrganizationId}
              AND "Leads"."Fields"::jsonb ->> {key} = c.pair ->> 0
            """, cancellationToken);

    public Task RemoveAsync(LeadActivityDbContext db, int campaignId, string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE "Leads" SET "Fields" = ("Fields"::jsonb - {key})::text
            WHERE "CampaignId" = {campaignId} AND "OrganizationId" = {db.CurrentOrganizationId} AND "Fields"::jsonb -> {key} IS NOT NULL
            """, cancellationToken);
}
