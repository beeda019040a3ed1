namespace LeadActivity.Domain.Persistence.Sqlite;

internal static class SqliteStores
{
    public static DatabaseStores Create(LeadActivityDatabase database) => new()
    {
        LeadSearch = new SqliteLeadSearchSql(),
        Imports = new SqliteLeadImport(database),
        LeadBulk = new SqliteLeadBulkSql(),
        Activities = new SqliteActivityStores(database),
        DemoLeads = new SqliteDemoLeads(database),
        Schema = new SqliteSchemaMigrator(database),
        SearchIndex = new SqliteLeadSearchIndex(),
        CampaignFields = new SqliteCampaignFieldValues(),
        FollowUpClaims = new SqliteFollowUpClaims(),
        Locks = new SqliteClusterLocks(),
        Errors = new SqliteDatabaseErrors(),
    };
}
