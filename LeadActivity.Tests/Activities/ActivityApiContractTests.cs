using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Tests.Activities;

/// <summary>
/// The ingestion API's contract for what an integrator can send, driven through real HTTP (Kestrel on a port of its
/// own, redirects not followed): every answer is problem details — never a redirect, a stack trace or a request
/// header — and each bad input is a 400 naming its field. The figures are the README's, written out here on purpose:
/// a change to a published limit must show up as a failing test.
/// </summary>
public abstract class ActivityApiContractTests(ContractApp app)
{
    private const string Path = "api/v1/activities";

    private HttpClient Client => app.Api;

    // ---- 1. The API never redirects ----

    [SkippableTheory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("text/json")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData(null)]
    public async Task A_body_not_sent_as_json_is_415_problem_details(string? contentType)
    {
        var call = await CallAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(call.ToJsonString()));
        if (contentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await Client.PostAsync(Path, content);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem["detail"]!.GetValue<string>());
        Assert.Null(await StoredAsync(call));
    }

    [SkippableTheory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=\"UTF-8\"")]
    [InlineData("application/vnd.leadactivity.activity+json")]
    public async Task A_body_sent_as_json_is_recorded(string contentType)
    {
        var call = await CallAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(call.ToJsonString()));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await Client.PostAsync(Path, content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(await StoredAsync(call));
    }

    [SkippableFact]
    public async Task A_cors_preflight_is_405_problem_details_and_grants_no_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Path);
        request.Headers.Add("Origin", "https://integrator.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");

        var response = await Client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [SkippableFact]
    public async Task A_method_the_api_does_not_have_is_405_problem_details_even_without_a_key()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };

        await ProblemAsync(await anonymous.DeleteAsync(Path), HttpStatusCode.MethodNotAllowed);
        await ProblemAsync(await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Options, Path)), HttpStatusCode.MethodNotAllowed);
    }

    [SkippableTheory]
    [InlineData("api/v1/nothing-here")]
    [InlineData("api/v2/activities")]
    [InlineData("api")]
    public async Task A_path_under_api_that_does_not_exist_is_404_problem_details(string path)
    {
        await ProblemAsync(await Client.GetAsync(path), HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task A_missing_key_is_401_problem_details_not_a_sign_in_page()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };

        await ProblemAsync(await anonymous.GetAsync(Path), HttpStatusCode.Unauthorized);
        await ProblemAsync(await anonymous.PostAsync(Path, Json(await CallAsync())), HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [InlineData("after=abc", "after")]
    [InlineData("after=-1", "after")]
    [InlineData("after=1.5", "after")]
    [InlineData("after=99999999999999999999", "after")]
    [InlineData("after=1&after=2", "after")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=99999999999", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("after=5&limit=-3", "limit")]
    public async Task A_bad_query_value_is_400_naming_the_parameter(string query, string parameter)
    {
        var response = await Client.GetAsync($"{Path}?{query}");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(parameter), problem.ToJsonString());
    }

    [SkippableFact]
    public async Task The_query_values_at_their_limits_are_answered()
    {
        var response = await Client.GetAsync($"{Path}?after=0&limit=1000");
        var page = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page!["items"]);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"{Path}?after={long.MaxValue}&limit=1")).StatusCode);
    }

    [SkippableFact]
    public async Task The_openapi_document_describes_the_query_as_whole_numbers_in_range()
    {
        var document = JsonNode.Parse(await Client.GetStringAsync("openapi/v1.json"))!;

        var parameters = document["paths"]!["/api/v1/activities"]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>());
        Assert.Equal("integer", parameters["after"]!["schema"]!["type"]!.GetValue<string>());
        Assert.Equal("integer", parameters["limit"]!["schema"]!["type"]!.GetValue<string>());
        Assert.Equal("1000", parameters["limit"]!["schema"]!["maximum"]!.ToJsonString());
    }

    // ---- 2. Non-finite and out-of-range numbers ----

    [SkippableTheory]
    [InlineData("transcript[0].offsetSeconds", "\"NaN\"")]
    [InlineData("transcript[0].offsetSeconds", "\"Infinity\"")]
    [InlineData("transcript[0].offsetSeconds", "\"-Infinity\"")]
    [InlineData("transcript[0].offsetSeconds", "1e308")]
    [InlineData("transcript[0].offsetSeconds", "-0.5")]
    [InlineData("transcript[0].offsetSeconds", "86400.5")]
    [InlineData("durationSeconds", "\"NaN\"")]
    [InlineData("durationSeconds", "1e308")]
    [InlineData("durationSeconds", "-5")]
    [InlineData("durationSeconds", "86401")]
    [InlineData("durationSeconds", "73.5")]
    [InlineData("campaignId", "\"Infinity\"")]
    [InlineData("campaignId", "1e308")]
    [InlineData("campaignId", "-3")]
    [InlineData("leadId", "-1")]
    [InlineData("leadId", "0")]
    [InlineData("leadId", "1e308")]
    public async Task A_number_out_of_range_or_not_finite_is_400_naming_the_field(string field, string json)
    {
        var call = await CallAsync();
        Set(call, field, JsonNode.Parse(json));

        var response = await Client.PostAsync(Path, Json(call));

        await AssertNamesAsync(response, field);
        Assert.Null(await StoredAsync(call));
    }

    // ---- 3. Documented limits per field ----

    public static TheoryData<string, string> OverTheLimit => new()
    {
        { "summary", "summary" },
        { "transcript turns", "transcript" },
        { "turn text", "transcript[0].text" },
        { "turn speaker", "transcript[0].speaker" },
        { "extracted entries", "extracted" },
        { "extracted key", "extracted" },
        { "extracted value", "extracted" },
        { "extracted null value", "extracted" },
        { "recordingUrl length", "recordingUrl" },
        { "recordingUrl http", "recordingUrl" },
        { "recordingUrl protocol-relative", "recordingUrl" },
        { "message body", "body" },
        { "externalId", "externalId" },
        { "leadPhone", "leadPhone" },
    };

    [SkippableTheory]
    [MemberData(nameof(OverTheLimit))]
    public async Task A_field_over_its_limit_is_400_naming_the_field_and_the_limit(string row, string field)
    {
        var activity = await CallAsync();
        string? limit = null;
        switch (row)
        {
            case "summary": activity["summary"] = new string('s', 4_001); limit = "4000"; break;
            case "transcript turns": activity["transcript"] = Turns(501, "agent", "Hello."); limit = "500"; break;
            case "turn text": activity["transcript"] = Turns(1, "agent", new string('t', 4_001)); limit = "4000"; break;
            case "turn speaker": activity["transcript"] = Turns(1, new string('a', 101), "Hello."); limit = "100"; break;
            case "extracted entries": activity["extracted"] = Extracted(101, i => $"k{i}", _ => "v"); limit = "100"; break;
            case "extracted key": activity["extracted"] = Extracted(1, _ => new string('k', 101), _ => "v"); limit = "100"; break;
            case "extracted value": activity["extracted"] = Extracted(1, _ => "k", _ => new string('v', 2_001)); limit = "2000"; break;
            case "extracted null value": activity["extracted"] = new JsonObject { ["budget"] = null }; break;
            case "recordingUrl length": activity["recordingUrl"] = "https://example.com/" + new string('r', 2_049 - 20); limit = "2048"; break;
            case "recordingUrl http": activity["recordingUrl"] = "http://example.com/rec/8f2c91.mp3"; limit = "https"; break;
            case "recordingUrl protocol-relative": activity["recordingUrl"] = "//example.com/rec/8f2c91.mp3"; limit = "https"; break;
            case "message body": activity = await MessageAsync(new string('b', 4_097)); limit = "4096"; break;
            case "externalId": activity["externalId"] = new string('e', 201); limit = "200"; break;
            case "leadPhone": activity["leadPhone"] = "+1" + new string('4', 60); limit = "50"; break;
        }

        var response = await Client.PostAsync(Path, Json(activity));

        var messages = await AssertNamesAsync(response, field);
        if (limit is not null)
            Assert.Contains(messages, m => m.Contains(limit, StringComparison.Ordinal));
        Assert.Null(await StoredAsync(activity));
    }

    [SkippableTheory]
    [InlineData("summary", "\"a\\u0000b\"")]
    [InlineData("externalId", "\"call-\\u0000\"")]
    [InlineData("transcript[0].text", "\"Hi\\u0000\"")]
    [InlineData("transcript[0].speaker", "\"\\u0000\"")]
    [InlineData("recordingUrl", "\"https://example.com/\\u0000.mp3\"")]
    [InlineData("extracted", "{\"budget\":\"10\\u0000k\"}")]
    [InlineData("summary", "\"lone \\ud800 surrogate\"")]
    [InlineData("transcript[0].text", "\"\\udc00\"")]
    [InlineData("summary", "5")]
    [InlineData("transcript[0].text", "5")]
    [InlineData("transcript[0].speaker", "true")]
    [InlineData("transcript", "\"hello\"")]
    [InlineData("extracted", "{\"budget\":5}")]
    [InlineData("extracted", "[\"10k\"]")]
    public async Task Text_either_database_cannot_store_or_a_value_of_the_wrong_type_is_400_naming_the_field(string field, string json)
    {
        // Written into the JSON as sent: a lone surrogate cannot be held by a JsonNode.
        var call = await CallAsync();
        Set(call, field, "REPLACE-ME");
        var body = call.ToJsonString().Replace("\"REPLACE-ME\"", json);

        var response = await Client.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesAsync(response, field);
        Assert.Null(await StoredAsync(call));
    }

    [SkippableFact]
    public async Task An_activity_at_every_limit_escaped_as_ascii_json_fits_the_body_limit_and_is_stored()
    {
        // Every character outside ASCII, so the JSON writer escapes it (\u00e9, six bytes): the largest body a single
        // activity at the limits can honestly be.
        var call = await CallAsync();
        call["externalId"] = $"max-{Guid.NewGuid():N}".PadRight(200, 'x');
        call["summary"] = new string('é', 4_000);
        call["transcript"] = Turns(500, new string('é', 100), new string('é', 4_000));
        call["extracted"] = Extracted(100, i => $"{i:D3}".PadRight(100, 'é'), _ => new string('é', 2_000));
        call["recordingUrl"] = "https://example.com/" + new string('r', 2_048 - 20);
        var json = call.ToJsonString();
        Assert.True(json.Length > 13_000_000, $"{json.Length:N0} bytes: the characters were not escaped");

        var response = await Client.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = (await StoredAsync(call))!;
        Assert.Equal(500, stored.Transcript!.Count);
        Assert.Equal(new string('é', 4_000), stored.Transcript[^1].Text);
        Assert.Equal(100, stored.Extracted!.Count);
        Assert.Equal(2_048, stored.RecordingUrl!.Length);
    }

    [SkippableFact]
    public async Task A_body_over_the_request_limit_is_413_problem_details()
    {
        var body = new byte[16 * 1024 * 1024 + 1];
        Array.Fill(body, (byte)' ');
        body[0] = (byte)'[';
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // As curl sends a large body: the answer comes before the body is sent, instead of a reset connection.
        request.Headers.ExpectContinue = true;

        var response = await Client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("16 MB", problem["detail"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_body_whose_chunks_are_malformed_is_400_problem_details()
    {
        var body = (await CallAsync()).ToJsonString();
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(app.Address.Host, app.Address.Port);
        var stream = socket.GetStream();
        var request = $"POST /{Path} HTTP/1.1\r\nHost: {app.Address.Authority}\r\nX-Api-Key: {LeadActivityAppFactory.ApiKey}\r\n" +
            $"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
            $"{Encoding.UTF8.GetByteCount(body[..20]):x}\r\n{body[..20]}\r\nnot-a-chunk-size\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));

        var answer = await new StreamReader(stream).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.DoesNotContain(LeadActivityAppFactory.ApiKey, answer);
        Assert.DoesNotContain("   at ", answer);
    }

    // ---- 4. occurredAt carries an offset and falls in a plausible window ----

    [SkippableTheory]
    [InlineData("no offset")]
    [InlineData("date only")]
    [InlineData("not a time")]
    [InlineData("a number")]
    [InlineData("1900")]
    [InlineData("0001")]
    [InlineData("0001 east of utc")]
    [InlineData("just before 2000")]
    [InlineData("10 minutes ahead")]
    public async Task An_implausible_or_ambiguous_occurredAt_is_400_naming_it(string row)
    {
        var call = await CallAsync();
        call["occurredAt"] = row switch
        {
            "no offset" => DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss"),
            "date only" => DateTime.UtcNow.ToString("yyyy-MM-dd"),
            "not a time" => "yesterday",
            "a number" => 1_764_176_400,
            "1900" => "1900-01-01T00:00:00Z",
            "0001" => "0001-01-01T00:00:00Z",
            "0001 east of utc" => "0001-01-01T00:00:00+05:00",
            "just before 2000" => "1999-12-31T23:59:59Z",
            "10 minutes ahead" => DateTime.UtcNow.AddMinutes(10).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            _ => throw new ArgumentOutOfRangeException(nameof(row)),
        };

        var response = await Client.PostAsync(Path, Json(call));

        await AssertNamesAsync(response, "occurredAt");
        Assert.Null(await StoredAsync(call));
    }

    [SkippableTheory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("offset")]
    [InlineData("4 minutes ahead")]
    public async Task An_occurredAt_with_an_offset_inside_the_window_is_recorded_at_that_instant(string row)
    {
        var now = DateTimeOffset.UtcNow;
        var (text, instant) = row switch
        {
            "offset" => (now.AddMinutes(-1).ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-ddTHH:mm:sszzz"), now.AddMinutes(-1)),
            "4 minutes ahead" => (now.AddMinutes(4).ToString("yyyy-MM-ddTHH:mm:ssZ"), now.AddMinutes(4)),
            _ => (row, DateTimeOffset.Parse(row, System.Globalization.CultureInfo.InvariantCulture)),
        };
        var call = await CallAsync();
        call.Remove("leadStatus");
        call["occurredAt"] = text;

        var response = await Client.PostAsync(Path, Json(call));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = (await StoredAsync(call))!;
        Assert.Equal(instant.UtcDateTime, stored.OccurredAt, TimeSpan.FromSeconds(1));
    }

    // ---- 5. A batch answers each item at its index, naming the field ----

    [SkippableFact]
    public async Task A_batch_names_each_bad_item_by_its_index_and_field_and_records_the_others()
    {
        var good = await CallAsync();
        var notFinite = await CallAsync();
        Set(notFinite, "transcript[0].offsetSeconds", JsonValue.Create("NaN"));
        var wrongType = await CallAsync();
        wrongType["durationSeconds"] = "seventy";
        var noOffset = await CallAsync();
        noOffset["occurredAt"] = DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss");
        var alsoGood = await CallAsync();

        var response = await Client.PostAsync(Path, Json(new JsonArray(good, notFinite, wrongType, noOffset, alsoGood)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(201, answers[0]!["status"]!.GetValue<int>());
        Assert.Equal(201, answers[4]!["status"]!.GetValue<int>());
        foreach (var (index, field) in new[] { (1, "transcript[0].offsetSeconds"), (2, "durationSeconds"), (3, "occurredAt") })
        {
            Assert.Equal(400, answers[index]!["status"]!.GetValue<int>());
            Assert.True(answers[index]!["errors"]!.AsObject().ContainsKey(field), answers[index]!.ToJsonString());
        }
        Assert.NotNull(await StoredAsync(good));
        Assert.NotNull(await StoredAsync(alsoGood));
        Assert.Null(await StoredAsync(notFinite));
    }

    // ---- 6. No stack trace, no request header in any answer ----

    [SkippableFact]
    public async Task A_failure_inside_the_api_is_500_problem_details_without_the_exception_or_the_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Path}?limit=1");
        request.Headers.Add(FailingRequests.Header, "1");

        var response = await Client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(FailingRequests.Secret, problem.ToJsonString());
        Assert.DoesNotContain(nameof(InvalidOperationException), problem.ToJsonString());
    }

    [SkippableFact]
    public async Task A_bad_query_value_does_not_echo_the_request_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Path}?after=abc");
        request.Headers.Add("X-Integrator-Secret", "do-not-echo-me");

        var body = (await ProblemAsync(await Client.SendAsync(request), HttpStatusCode.BadRequest)).ToJsonString();

        Assert.DoesNotContain("do-not-echo-me", body);
        Assert.DoesNotContain("X-Api-Key", body, StringComparison.OrdinalIgnoreCase);
    }

    // ---- helpers ----

    /// <summary>A status answered as problem details: no redirect, no stack trace, no API key; the body parsed.</summary>
    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {response.Headers.Location}: {body[..Math.Min(body.Length, 2_000)]}");
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(LeadActivityAppFactory.ApiKey, body);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain(".cs:line", body);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    /// <summary>A 400 whose errors name <paramref name="field"/>; its messages.</summary>
    private static async Task<IReadOnlyList<string>> AssertNamesAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), problem.ToJsonString());
        return errors[field]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
    }

    private async Task<JsonObject> CallAsync()
    {
        var (campaign, phone) = await PhoneLeadAsync();
        return new JsonObject
        {
            ["externalId"] = $"contract-{Guid.NewGuid():N}",
            ["type"] = "call",
            ["campaignId"] = campaign,
            ["leadPhone"] = phone,
            ["occurredAt"] = DateTime.UtcNow.AddMinutes(-1).ToString("O"),
            ["direction"] = "outbound",
            ["channel"] = "phone",
            ["outcome"] = "answered",
            ["durationSeconds"] = 73,
            ["summary"] = "Interested, wants a callback on Friday.",
            ["transcript"] = Turns(1, "agent", "Hi, is this Ana?"),
            ["recordingUrl"] = "https://example.com/rec/8f2c91.mp3",
            ["extracted"] = new JsonObject { ["budget"] = "10k" },
            ["leadStatus"] = "callback",
        };
    }

    private async Task<JsonObject> MessageAsync(string body)
    {
        _ = app.Address;
        await using var db = app.Database.CreateContext(1);
        var lead = await db.Leads.Where(l => l.Campaign!.Channel == Domain.Campaigns.Channel.WhatsApp && l.WhatsApp != null).OrderBy(l => l.Id).FirstAsync();
        return new JsonObject
        {
            ["externalId"] = $"contract-{Guid.NewGuid():N}",
            ["type"] = "message",
            ["campaignId"] = lead.CampaignId,
            ["leadWhatsApp"] = lead.WhatsApp,
            ["occurredAt"] = DateTime.UtcNow.AddMinutes(-1).ToString("O"),
            ["outcome"] = "delivered",
            ["body"] = body,
        };
    }

    private async Task<(int CampaignId, string Phone)> PhoneLeadAsync()
    {
        _ = app.Address;
        await using var db = app.Database.CreateContext(1);
        var lead = await db.Leads.Where(l => l.Campaign!.Channel == Domain.Campaigns.Channel.Phone && l.Phone != null).OrderBy(l => l.Id).FirstAsync();
        return (lead.CampaignId, lead.Phone!);
    }

    private async Task<Domain.Activities.Activity?> StoredAsync(JsonObject activity)
    {
        var externalId = activity["externalId"]!.GetValue<string>();
        await using var db = app.Database.CreateContext(1);
        return await db.Activities.SingleOrDefaultAsync(a => a.ExternalId == externalId);
    }

    private static JsonArray Turns(int count, string speaker, string text) => new(Enumerable.Range(0, count)
        .Select(i => (JsonNode)new JsonObject { ["speaker"] = speaker, ["text"] = text, ["offsetSeconds"] = i * 0.5 }).ToArray());

    private static JsonObject Extracted(int count, Func<int, string> key, Func<int, string> value)
    {
        var extracted = new JsonObject();
        for (var i = 0; i < count; i++)
            extracted[key(i)] = value(i);
        return extracted;
    }

    /// <summary>Sets a top-level field, or one of the first turn's (<c>transcript[0].offsetSeconds</c>).</summary>
    private static void Set(JsonObject activity, string field, JsonNode? value)
    {
        if (field.StartsWith("transcript[0].", StringComparison.Ordinal))
            activity["transcript"]![0]![field["transcript[0].".Length..]] = value;
        else
            activity[field] = value;
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}

/// <summary>
/// The app on a real Kestrel port, started by the first test that needs it, in <see cref="EnvironmentName"/>
/// (Development by default, as <c>dotnet run</c>). Requests carrying <see cref="FailingRequests.Header"/> fail inside
/// the pipeline, as a bug would.
/// </summary>
public class ContractApp : LeadActivityAppFactory
{
    private Uri? _address;

    public ContractApp()
    {
        DemoLeads = 20;
        TestServices = services => services.AddHttpContextAccessor().AddSingleton<IAuthorizationHandler, FailingRequests>();
    }

    public string EnvironmentName { get; init; } = "Development";

    public Uri Address => _address ??= StartOnRealPort();

    private HttpClient? _api;

    /// <summary>One client on the real port with the demo organization's API key, never following redirects.</summary>
    public HttpClient Api => _api ??= NewApiClient();

    private HttpClient NewApiClient()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(EnvironmentName);
    }
}

public sealed class PostgresContractApp : ContractApp
{
    public PostgresContractApp() => Provider = DatabaseProvider.Postgres;
}

public sealed class ProductionContractApp : ContractApp
{
    public ProductionContractApp() => EnvironmentName = "Production";
}

/// <summary>Fails a request that carries <see cref="Header"/> while it is authorized, with SQL in the message.</summary>
public sealed class FailingRequests(IHttpContextAccessor http) : IAuthorizationHandler
{
    public const string Header = "X-Test-Fail";
    public const string Secret = "SELECT \"PasswordHash\" FROM \"AspNetUsers\"";

    public Task HandleAsync(AuthorizationHandlerContext context) =>
        http.HttpContext?.Request.Headers.ContainsKey(Header) == true
            ? throw new InvalidOperationException($"SQLite Error 1: near {Secret}")
            : Task.CompletedTask;
}

public sealed class ActivityApiContractOnSqliteTests(ContractApp app) : ActivityApiContractTests(app), IClassFixture<ContractApp>;

public sealed class ActivityApiContractOnPostgresTests(PostgresContractApp app) : ActivityApiContractTests(app), IClassFixture<PostgresContractApp>;

public sealed class ActivityApiContractInProductionTests(ProductionContractApp app) : ActivityApiContractTests(app), IClassFixture<ProductionContractApp>;
