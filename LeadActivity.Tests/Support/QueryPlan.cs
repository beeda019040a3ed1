using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LeadActivity.Tests.Support;

/// <summary>Asserts on the database's own plan for a query (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL).</summary>
public static class QueryPlan
{
    /// <summary>
    /// The plan reads one of <paramref name="indexes"/> and never walks the whole Activities table. On PostgreSQL
    /// sequential scans are off: a test's small table would be read whole anyway.
    /// </summary>
    public static async Task AssertUsesAsync<T>(TestDatabase database, int organizationId, ITestOutputHelper output,
        Func<LeadActivityDbContext, IQueryable<T>> query, params string[] indexes)
    {
        var postgres = database.Provider == DatabaseProvider.Postgres;
        await using var db = database.Context(organizationId);
        await db.Database.OpenConnectionAsync();
        if (postgres)
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        await using var command = query(db).CreateDbCommand();
        command.CommandText = (postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + command.CommandText;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                plan.Add(reader.GetValue(reader.FieldCount - 1).ToString()!);
        }
        output.WriteLine(command.CommandText);
        output.WriteLine(string.Join('\n', plan));
        Assert.Contains(plan, line => indexes.Any(line.Contains));
        Assert.DoesNotContain(plan, line => line.Trim() is "SCAN a" || line.Contains("Seq Scan on \"Activities\""));
    }
}
