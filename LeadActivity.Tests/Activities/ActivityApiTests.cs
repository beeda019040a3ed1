using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Activities;

public abstract class ActivityApiTests(LeadActivityAppFactory app)
{
    private const string DemoKey = LeadActivityAppFactory.ApiKey;

    private HttpClient Client(string? key = DemoKey)
    {
        var client = app.CreateClient();
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private async Task<(int CampaignId, string Phone, int LeadId)> PhoneLeadAsync()
    {
        _ = app.Server;
        await using var db = app.Database.CreateContext(1);
        var lead = await db.Leads.Where(l => l.Campaign!.Channel == Domain.Campaigns.Channel.Phone && l.Phone != null).OrderBy(l => l.Id).FirstAsync();
        return (lead.CampaignId, lead.Phone!, lead.Id);
    }

    private static JsonObject Call(int campaignId, string phone, string? externalId = null) => new()
    {
        ["externalId"] = externalId ?? $"call-{Guid.NewGuid():N}",
        ["type"] = "call",
        ["campaignId"] = campaignId,
        ["leadPhone"] = phone,
        ["occurredAt"] = DateTime.UtcNow.AddMinutes(-1).ToString("O"),
        ["direction"] = "outbound",
        ["channel"] = "phone",
        ["outcome"] = "answered",
        ["durationSeconds"] = 73,
        ["summary"] = "Interested, wants a callback on Friday.",
        ["transcript"] = new JsonArray(new JsonObject { ["speaker"] = "agent", ["text"] = "Hi, is this Ana?", ["offsetSeconds"] = 0.4 }),
        ["recordingUrl"] = "https://example.com/rec/8f2c91.mp3",
        ["extracted"] = new JsonObject { ["budget"] = "10k" },
        ["leadStatus"] = "callback",
    };

    private static StringContent Body(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    [SkippableFact]
    public async Task Concurrent_single_posts_recorded_together_each_get_their_own_answer()
    {
        var (campaign, phone, _) = await PhoneLeadAsync();
        var client = Client();
        var sharedId = $"call-shared-{Guid.NewGuid():N}";

        var distinct = Enumerable.Range(0, 40).Select(_ => client.PostAsync("/api/v1/activities", Body(Call(campaign, phone)))).ToList();
        var retries = Enumerable.Range(0, 10).Select(_ => client.PostAsync("/api/v1/activities", Body(Call(campaign, phone, sharedId)))).ToList();
        var invalid = client.PostAsync("/api/v1/activities", Body(Call(campaign, "4155550132")));
        var distinctAnswers = await Task.WhenAll(distinct);
        var retryAnswers = await Task.WhenAll(retries);
        var invalidAnswer = await invalid;

        var ids = new List<long>();
        foreach (var response in distinctAnswers)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>());
        }
        Assert.Equal(40, ids.Distinct().Count());
        var shared = new List<(HttpStatusCode Status, long Id, bool Duplicate)>();
        foreach (var response in retryAnswers)
        {
            var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            shared.Add((response.StatusCode, answer["id"]!.GetValue<long>(), answer["duplicate"]!.GetValue<bool>()));
        }
        Assert.Single(shared, a => a is { Status: HttpStatusCode.Created, Duplicate: false });
        Assert.Equal(9, shared.Count(a => a is { Status: HttpStatusCode.OK, Duplicate: true }));
        Assert.Single(shared.Select(a => a.Id).Distinct());
        Assert.Equal(HttpStatusCode.BadRequest, invalidAnswer.StatusCode);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task A_missing_or_wrong_key_is_refused(string? key)
    {
        var (campaign, phone, _) = await PhoneLeadAsync();

        var response = await Client(key).PostAsync("/api/v1/activities", Body(Call(campaign, phone)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [SkippableFact]
    public async Task The_same_activity_delivered_ten_times_is_stored_once()
    {
        var (campaign, phone, leadId) = await PhoneLeadAsync();
        var call = Call(campaign, phone);
        using var client = Client();

        var first = await client.PostAsync("/api/v1/activities", Body(call));
        var firstAnswer = await first.Content.ReadFromJsonAsync<JsonObject>();
        var again = new List<JsonObject>();
        for (var i = 0; i < 9; i++)
            again.Add((await (await client.PostAsync("/api/v1/activities", Body(call))).Content.ReadFromJsonAsync<JsonObject>())!);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(firstAnswer!["duplicate"]!.GetValue<bool>());
        Assert.All(again, a => Assert.True(a["duplicate"]!.GetValue<bool>()));
        Assert.All(again, a => Assert.Equal(firstAnswer["id"]!.GetValue<long>(), a["id"]!.GetValue<long>()));
        await using var db = app.Database.CreateContext(1);
        Assert.Equal(1, await db.Activities.CountAsync(a => a.ExternalId == call["externalId"]!.GetValue<string>()));
        var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
        Assert.Equal(Domain.Leads.LeadStatus.Callback, lead.Status);
    }

    [SkippableTheory]
    [InlineData("externalId", null)]
    [InlineData("type", "fax")]
    [InlineData("campaignId", null)]
    [InlineData("leadPhone", "(415) 555-0132")]
    [InlineData("occurredAt", null)]
    [InlineData("direction", "sideways")]
    [InlineData("channel", "pigeon")]
    [InlineData("outcome", "delivered")]
    [InlineData("durationSeconds", -5)]
    [InlineData("recordingUrl", "javascript:alert(1)")]
    [InlineData("leadStatus", "maybe")]
    public async Task Each_bad_field_is_named_in_a_problem_details_answer(string field, object? value)
    {
        var (campaign, phone, _) = await PhoneLeadAsync();
        var call = Call(campaign, phone);
        if (value is null)
            call.Remove(field);
        else
            call[field] = JsonValue.Create(value);

        var response = await Client().PostAsync("/api/v1/activities", Body(call));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [SkippableFact]
    public async Task A_field_of_the_wrong_type_is_named()
    {
        var (campaign, phone, _) = await PhoneLeadAsync();
        var call = Call(campaign, phone);
        call["durationSeconds"] = "seventy";

        var response = await Client().PostAsync("/api/v1/activities", Body(call));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("durationSeconds", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_batch_answers_each_item_and_one_bad_item_does_not_reject_the_others()
    {
        var (campaign, phone, _) = await PhoneLeadAsync();
        var good = Call(campaign, phone);
        var bad = Call(campaign, phone);
        bad["outcome"] = "exploded";
        var unknownLead = Call(campaign, "+14155550000");
        var unknownCampaign = Call(999, phone);
        var repeat = Call(campaign, phone, good["externalId"]!.GetValue<string>());

        var response = await Client().PostAsync("/api/v1/activities", Body(new JsonArray(good, bad, unknownLead, unknownCampaign, repeat, "not an object")));
        var answers = (await response.Content.ReadFromJsonAsync<JsonArray>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(201, answers[0]!["status"]!.GetValue<int>());
        Assert.Equal(400, answers[1]!["status"]!.GetValue<int>());
        Assert.True(answers[1]!["errors"]!.AsObject().ContainsKey("outcome"));
        Assert.Equal(404, answers[2]!["status"]!.GetValue<int>());
        Assert.True(answers[2]!["errors"]!.AsObject().ContainsKey("lead"));
        Assert.Equal(404, answers[3]!["status"]!.GetValue<int>());
        Assert.True(answers[3]!["errors"]!.AsObject().ContainsKey("campaignId"));
        Assert.True(answers[4]!["duplicate"]!.GetValue<bool>());
        Assert.Equal(answers[0]!["id"]!.GetValue<long>(), answers[4]!["id"]!.GetValue<long>());
        Assert.Equal(400, answers[5]!["status"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task An_unknown_lead_is_a_404_with_the_reason()
    {
        var (campaign, _, _) = await PhoneLeadAsync();

        var response = await Client().PostAsync("/api/v1/activities", Body(Call(campaign, "+14155550000")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no lead with phone +14155550000", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_batch_over_a_thousand_is_refused_as_too_large()
    {
        var (campaign, phone, _) = await PhoneLeadAsync();
        var batch = new JsonArray(Enumerable.Range(0, 1001).Select(_ => (JsonNode)Call(campaign, phone)).ToArray());

        var response = await Client().PostAsync("/api/v1/activities", Body(batch));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [SkippableFact]
    public async Task Activities_after_an_id_come_back_oldest_first()
    {
        var (campaign, phone, _) = await PhoneLeadAsync();
        using var client = Client();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            // Without a reported status: a status change would be an activity of its own between the calls.
            var call = Call(campaign, phone);
            call.Remove("leadStatus");
            ids.Add((await (await client.PostAsync("/api/v1/activities", Body(call))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>());
        }

        var page = await client.GetFromJsonAsync<JsonObject>($"/api/v1/activities?after={ids[0] - 1}&limit=3");

        var items = page!["items"]!.AsArray();
        Assert.Equal(ids, items.Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal("call", items[0]!["type"]!.GetValue<string>());
        Assert.Equal("answered", items[0]!["outcome"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task An_activity_read_back_names_its_channel_as_a_post_does_so_it_can_be_posted_again()
    {
        var (campaign, phone, _) = await PhoneLeadAsync();
        using var client = Client();
        var message = new JsonObject
        {
            ["externalId"] = $"wa-{Guid.NewGuid():N}", ["type"] = "message", ["campaignId"] = campaign, ["leadPhone"] = phone,
            ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"), ["channel"] = "whatsapp", ["direction"] = "inbound",
            ["outcome"] = "replied", ["body"] = "Yes please.",
        };
        var id = (await (await client.PostAsync("/api/v1/activities", Body(message))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        var item = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/activities?after={id - 1}&limit=1"))!["items"]!.AsArray()[0]!.AsObject();

        Assert.Equal("whatsapp", item["channel"]!.GetValue<string>());
        var again = new JsonObject(item.Where(p => p.Key is "type" or "campaignId" or "leadId" or "occurredAt" or "channel" or "direction" or "outcome" or "body")
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        again["externalId"] = $"wa-{Guid.NewGuid():N}";
        again["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"); // read back in UTC without its offset; a post must say it
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/activities", Body(again))).StatusCode);
    }

    [SkippableFact]
    public async Task The_api_is_described_by_an_openapi_document()
    {
        var document = await Client().GetStringAsync("/openapi/v1.json");

        using var json = JsonDocument.Parse(document);
        Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/api/v1/activities", out _));
        Assert.Contains("call-8f2c91", document);
    }
}

public sealed class ActivityApiOnSqliteTests(LeadActivityAppFactory app) : ActivityApiTests(app), IClassFixture<LeadActivityAppFactory>;

public sealed class ActivityApiOnPostgresTests(PostgresAppFactory app) : ActivityApiTests(app), IClassFixture<PostgresAppFactory>;
