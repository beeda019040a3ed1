namespace LeadActivity.Domain.Persistence.Postgres;

internal static class PostgresStores
{
    public static DatabaseStores Create(LeadActivityDatabase database) => new()
    {
        LeadSearch = new PostgresLeadSearchSql(),
        Imports = new PostgresLeadImport(database),
        LeadBulk = new PostgresLeadBulkSql(),
        Activities = new PostgresActivityStores(database),
        DemoLeads = new PostgresDemoLeads(database),
        Schema = new PostgresSchemaMigrator(database),
        SearchIndex = new PostgresLeadSearchIndex(),
        CampaignFields = new PostgresCampaignFieldValues(),
        FollowUpClaims = new PostgresFollowUpClaims(),
        Locks = new PostgresClusterLocks(database),
        Errors = new PostgresDatabaseErrors(),
    };
}
