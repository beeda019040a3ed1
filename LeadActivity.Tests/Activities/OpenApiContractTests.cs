using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LeadActivity.Domain.Activities;
using LeadActivity.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Activities;

/// <summary>
/// The ingestion API's published description (<c>/openapi/v1.json</c>), read as an integrator's code generator reads
/// it: the batch body, required fields, allowed values and limits, the API key scheme, only the public routes — and
/// every answer it documents for the activity endpoints provoked through real HTTP, so it cannot promise a code the
/// app never gives (or leave out one it does).
/// </summary>
public sealed class OpenApiContractTests(ContractApp app) : IClassFixture<ContractApp>
{
    private const string Path = "api/v1/activities";

    private HttpClient Client => app.Api;

    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await Client.GetStringAsync("openapi/v1.json"))!.AsObject();

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/schemas/X</c>).</summary>
    private static JsonObject Resolve(JsonObject document, JsonNode schema)
    {
        while (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var node = (JsonNode)document;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
                node = node[part]!;
            schema = node;
        }
        return schema.AsObject();
    }

    private static JsonObject Post(JsonObject document) => document["paths"]!["/api/v1/activities"]!["post"]!.AsObject();

    private static IEnumerable<string> Strings(JsonNode? array) => array?.AsArray().Select(v => v!.GetValue<string>()) ?? [];

    [Fact]
    public async Task Only_the_public_api_is_described()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Contains("/api/v1/activities", paths);
        Assert.All(paths, path => Assert.StartsWith("/api/v1/", path));
    }

    [Fact]
    public async Task The_body_is_one_activity_or_a_batch_of_up_to_a_thousand()
    {
        var document = await DocumentAsync();
        var content = Post(document)["requestBody"]!["content"]!["application/json"]!;

        var oneOf = content["schema"]!["oneOf"]!.AsArray().Select(s => Resolve(document, s!)).ToList();
        Assert.Equal(2, oneOf.Count);
        var single = oneOf.Single(s => s["type"]?.ToString() != "array");
        var batch = oneOf.Single(s => s["type"]?.ToString() == "array");
        Assert.Equal(ActivityLimits.BatchSize, batch["maxItems"]!.GetValue<int>());
        Assert.Equal(Resolve(document, batch["items"]!).ToJsonString(), single.ToJsonString());
        Assert.Contains("externalId", single["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("call", content["example"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_activity_names_its_required_fields_allowed_values_and_limits()
    {
        var document = await DocumentAsync();
        var activity = Resolve(document, Post(document)["requestBody"]!["content"]!["application/json"]!["schema"]!["oneOf"]![0]!);
        var properties = activity["properties"]!.AsObject();
        JsonObject Property(string name) => Resolve(document, properties[name]!);

        Assert.Equal(["campaignId", "externalId", "occurredAt", "outcome", "type"], Strings(activity["required"]).Order());
        // The lead by any one of its three names.
        Assert.Equal(["leadId", "leadPhone", "leadWhatsApp"], activity["anyOf"]!.AsArray().SelectMany(s => Strings(s!["required"])).Order());
        Assert.Equal(["call", "message"], Strings(Property("type")["enum"]).Order());
        Assert.Equal(["inbound", "outbound"], Strings(Property("direction")["enum"]).Order());
        Assert.Equal(["phone", "whatsapp"], Strings(Property("channel")["enum"]).Order());
        Assert.Equal(["answered", "busy", "delivered", "failed", "hangup", "no_answer", "read", "replied", "sent", "voicemail"],
            Strings(Property("outcome")["enum"]).Order());
        Assert.Equal(Enum.GetValues<Domain.Leads.LeadStatus>().Select(Domain.Leads.LeadStatusExtensions.Slug).Order(),
            Strings(Property("leadStatus")["enum"]).Order());
        Assert.Equal("date-time", Property("occurredAt")["format"]!.GetValue<string>());
        // A field is left out or holds a value of its type: never null, never a number written as text.
        Assert.Equal("string", Property("occurredAt")["type"]!.GetValue<string>());
        Assert.Equal("string", Property("externalId")["type"]!.GetValue<string>());
        Assert.Equal("integer", Property("campaignId")["type"]!.GetValue<string>());
        Assert.Equal("array", Property("transcript")["type"]!.GetValue<string>());
        Assert.Equal(ActivityLimits.ExternalIdLength, Property("externalId")["maxLength"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.SummaryLength, Property("summary")["maxLength"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.BodyLength, Property("body")["maxLength"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.RecordingUrlLength, Property("recordingUrl")["maxLength"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.LeadNumberLength, Property("leadPhone")["maxLength"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.CallSeconds, Property("durationSeconds")["maximum"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.ExtractedEntries, Property("extracted")["maxProperties"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.ExtractedValueLength, Resolve(document, Property("extracted")["additionalProperties"]!)["maxLength"]!.GetValue<int>());

        var transcript = Property("transcript");
        Assert.Equal(ActivityLimits.TranscriptTurns, transcript["maxItems"]!.GetValue<int>());
        var turn = Resolve(document, transcript["items"]!);
        Assert.Equal(["offsetSeconds", "speaker", "text"], Strings(turn["required"]).Order());
        Assert.Equal(ActivityLimits.TurnTextLength, Resolve(document, turn["properties"]!["text"]!)["maxLength"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.SpeakerLength, Resolve(document, turn["properties"]!["speaker"]!)["maxLength"]!.GetValue<int>());
        Assert.Equal(ActivityLimits.CallSeconds, Resolve(document, turn["properties"]!["offsetSeconds"]!)["maximum"]!.GetValue<int>());
        Assert.Equal("number", Resolve(document, turn["properties"]!["offsetSeconds"]!)["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_operation_requires_the_api_key_in_its_header()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).ToList();
        Assert.NotEmpty(operations);
        Assert.All(operations, operation => Assert.Contains(operation.Value!["security"]!.AsArray(), r => r!.AsObject().ContainsKey("ApiKey")));
    }

    [Fact]
    public async Task Every_error_answer_is_documented_as_problem_details()
    {
        var document = await DocumentAsync();

        foreach (var (method, operation) in document["paths"]!["/api/v1/activities"]!.AsObject())
        {
            foreach (var (code, response) in operation!["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
            {
                var schema = response!["content"]?["application/problem+json"]?["schema"];
                Assert.True(schema is not null, $"{method} {code} is not problem details");
                Assert.Contains("status", Resolve(document, schema!)["properties"]!.AsObject().Select(p => p.Key));
            }
        }
    }

    /// <summary>
    /// Each documented (method, status) is provoked here through real HTTP; a status documented without a way to
    /// provoke it fails, as does a provoked status the document leaves out.
    /// </summary>
    [Fact]
    public async Task Every_documented_answer_of_the_activity_endpoints_is_reachable()
    {
        var document = await DocumentAsync();
        var documented = document["paths"]!["/api/v1/activities"]!.AsObject()
            .SelectMany(o => o.Value!["responses"]!.AsObject().Select(r => $"{o.Key.ToUpperInvariant()} {r.Key}"))
            .Order().ToList();

        var provokers = new Dictionary<string, Func<Task<HttpResponseMessage>>>
        {
            ["GET 200"] = () => Client.GetAsync($"{Path}?limit=1"),
            ["GET 400"] = () => Client.GetAsync($"{Path}?after=abc"),
            ["GET 401"] = () => Anonymous().GetAsync(Path),
            ["GET 405"] = () => Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, Path)),
            ["GET 429"] = () => RateLimitedAsync(client => client.GetAsync($"{Path}?limit=1")),
            ["POST 200"] = async () => await Client.PostAsync(Path, Json(new JsonArray(await CallAsync()))),
            ["POST 201"] = async () => await Client.PostAsync(Path, Json(await CallAsync())),
            ["POST 400"] = async () => await Client.PostAsync(Path, Json(new JsonObject { ["type"] = "call" })),
            ["POST 401"] = async () => await Anonymous().PostAsync(Path, Json(await CallAsync())),
            ["POST 404"] = async () =>
            {
                var call = await CallAsync();
                call["campaignId"] = 999_999;
                return await Client.PostAsync(Path, Json(call));
            },
            ["POST 405"] = () => Client.DeleteAsync(Path),
            ["POST 413"] = () => Client.PostAsync(Path, Json(new JsonArray(Enumerable.Range(0, ActivityLimits.BatchSize + 1).Select(_ => (JsonNode)new JsonObject()).ToArray()))),
            ["POST 415"] = async () => await Client.PostAsync(Path, new StringContent((await CallAsync()).ToJsonString(), Encoding.UTF8, "text/plain")),
            ["POST 429"] = async () =>
            {
                var call = (await CallAsync()).ToJsonString();
                return await RateLimitedAsync(client => client.PostAsync(Path, new StringContent(call, Encoding.UTF8, "application/json")));
            },
            ["POST 503"] = BusyAsync,
        };

        var reached = new List<string>();
        foreach (var (row, provoke) in provokers)
        {
            using var response = await provoke();
            if ($"{row[..row.IndexOf(' ')]} {(int)response.StatusCode}" == row)
                reached.Add(row);
        }

        Assert.Equal(documented, reached.Order().ToList());
    }

    private HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };

    /// <summary>A burst past a low ingestion limit (an app of its own, 2 requests a second); the first 429.</summary>
    private static async Task<HttpResponseMessage> RateLimitedAsync(Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        await using var limited = new ContractApp { Settings = new Dictionary<string, string?> { ["RateLimits:IngestionRequestsPerSecond"] = "2" } };
        using var client = new HttpClient { BaseAddress = limited.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", LeadActivityAppFactory.ApiKey);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => send(client)));
        return answers.FirstOrDefault(a => a.StatusCode == HttpStatusCode.TooManyRequests) ?? answers[0];
    }

    /// <summary>A call while another process holds the database's write lock past the writer's busy timeout.</summary>
    private async Task<HttpResponseMessage> BusyAsync()
    {
        var call = await CallAsync();
        await using var other = new SqliteConnection(app.ConnectionString);
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }
        try
        {
            return await Client.PostAsync(Path, Json(call));
        }
        finally
        {
            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
    }

    private async Task<JsonObject> CallAsync()
    {
        _ = app.Address;
        await using var db = app.Database.CreateContext(1);
        var lead = await db.Leads.Where(l => l.Campaign!.Channel == Domain.Campaigns.Channel.Phone && l.Phone != null).OrderBy(l => l.Id).FirstAsync();
        return new JsonObject
        {
            ["externalId"] = $"openapi-{Guid.NewGuid():N}",
            ["type"] = "call",
            ["campaignId"] = lead.CampaignId,
            ["leadPhone"] = lead.Phone,
            ["occurredAt"] = DateTime.UtcNow.AddMinutes(-1).ToString("O"),
            ["outcome"] = "answered",
        };
    }

    private static StringContent Json(JsonNode node)
    {
        var content = new StringContent(node.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
