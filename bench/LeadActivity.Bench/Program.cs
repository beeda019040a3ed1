using LeadActivity.Bench;

// dotnet run -c Release --project bench/LeadActivity.Bench -- <scenario> [options]
// Each measurement is printed as one JSON object per line; diagnostics go to stderr.
var scenarios = new Dictionary<string, Func<BenchArgs, Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["seed"] = SeedScenario.RunAsync,
    ["search"] = SearchScenario.RunAsync,
    ["search-postgres"] = PostgresSearchScenario.RunAsync,
    ["bulk-status"] = BulkStatusScenario.RunAsync,
    ["ingest"] = IngestScenario.RunAsync,
    ["lead-detail"] = LeadDetailScenario.RunAsync,
    ["import"] = ImportScenario.RunAsync,
    ["dashboards"] = DashboardsScenario.RunAsync,
    ["campaign-overview"] = CampaignOverviewScenario.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var scenario))
{
    Console.Error.WriteLine($"usage: LeadActivity.Bench <{string.Join("|", scenarios.Keys)}> [options]");
    Console.Error.WriteLine("  seed --leads N --db FILE   generate N leads with history into FILE (replaced), report rows_per_s");
    Console.Error.WriteLine("  search [--leads N] [--runs R] [--db FILE]   the Leads page query on N leads (default 1,000,000) vs hand-written SQL");
    Console.Error.WriteLine("  bulk-status [--leads N] [--db FILE]   on the search data: one campaign's leads (N/10) set to Qualified through the bulk action, end to end, vs hand-written SQL");
    Console.Error.WriteLine("  search-postgres --postgres CONNECTION [--leads N] [--runs R]   the same query on PostgreSQL (database kept on that server)");
    Console.Error.WriteLine("  ingest [--seconds S] [--clients C] [--warmup W] [--dashboards D]   recording activities: service, HTTP single and batch (after W s of warm-up, with D live dashboards open), live delivery");
    Console.Error.WriteLine("  lead-detail [--activities N] [--runs R]     opening a lead with N activities (default 10,000)");
    Console.Error.WriteLine("  import [--rows N] [--runs R]                CSV import of N leads (default 100,000) vs the sqlite3 .import floor");
    Console.Error.WriteLine("  dashboards [--circuits N] [--rate R] [--seconds S] [--sample K] [--grace G]   N live dashboards (browserless circuits): memory each, and R events/s posted for S s: POST→on-screen at K of them");
    Console.Error.WriteLine("  campaign-overview [--leads N] [--activities A] [--runs R] [--events E] [--viewers V]   opening a campaign's overview of N leads and A activities (cold and held), and the server time an event costs its figures");
    return 2;
}

try
{
    await scenario(new BenchArgs(args[1..]));
    return 0;
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
