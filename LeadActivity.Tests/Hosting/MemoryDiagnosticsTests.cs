using System.Net;
using System.Text.Json;
using LeadActivity.Tests.Support;

namespace LeadActivity.Tests.Hosting;

/// <summary>The benchmark-only memory endpoint: absent unless a setting turns it on, and then only for this machine.</summary>
public sealed class MemoryDiagnosticsTests
{
    [Fact]
    public async Task Without_the_setting_there_is_no_memory_endpoint_even_for_a_signed_in_member()
    {
        await using var app = new LeadActivityAppFactory { DemoLeads = 10 };
        using var member = await app.SignedInClientAsync();

        var response = await member.GetAsync("/diagnostics/memory");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_Diagnostics_Enabled_a_local_caller_reads_the_heap_after_a_full_collection()
    {
        await using var app = new LeadActivityAppFactory
        {
            DemoLeads = 10, Settings = new Dictionary<string, string?> { ["Diagnostics:Enabled"] = "true" },
        };
        using var local = new HttpClient { BaseAddress = app.StartOnRealPort() };

        using var answer = JsonDocument.Parse(await local.GetStringAsync("diagnostics/memory"));

        Assert.InRange(answer.RootElement.GetProperty("heapBytes").GetInt64(), 1_000_000, long.MaxValue);
    }
}
