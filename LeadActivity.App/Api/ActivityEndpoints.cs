using LeadActivity.Domain.Persistence;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using LeadActivity.App.Hosting;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Organizations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LeadActivity.App.Api;

/// <summary>The ingestion API (v1): the agent reports calls and messages; catch-up reads them back by id.</summary>
internal static class ActivityEndpoints
{
    /// <summary>The most activities one GET answers (and the default, when it names no limit).</summary>
    private const int MaxPage = 1_000, DefaultPage = 100;

    public static IEndpointRouteBuilder MapActivityApi(this IEndpointRouteBuilder routes)
    {
        // The organization's API key, not a sign-in; CurrentMember takes the organization from the key's principal.
        var api = routes.MapGroup("/api/v1")
            .RequireAuthorization(AccessControl.Ingestion)
            .RequireRateLimiting(AccessControl.Ingestion)
            .DisableAntiforgery()
            .WithTags("Activities");

        api.MapPost("/activities", PostAsync)
            .WithMetadata(new RequestSizeLimitAttribute(ActivityLimits.RequestBytes))
            // Routing answers other media types 415 (ErrorResponses makes that problem details); a missing one or a
            // charset other than UTF-8 is refused below.
            .Accepts<ActivityInput>(ApiMediaTypes.Json)
            .Produces<ActivityAnswer>(StatusCodes.Status201Created)
            .Produces<ActivityAnswer[]>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Record a call or message, or an array of up to 1,000")
            .WithDescription("Authenticated by the organization's API key in the X-Api-Key header. The same externalId " +
                "delivered again is stored once and answered with the same id and \"duplicate\": true.");

        api.MapGet("/activities", GetAsync)
            .Produces<ActivityPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddOpenApiOperationTransformer(DescribeQueryNumbers)
            .WithSummary("The organization's activities after an id, oldest first, for catch-up and export");
        return routes;
    }

    private static async Task<IResult> PostAsync(HttpRequest request, ActivityGroupCommit groupCommit, IDatabaseErrors errors, IOrganizationScope scope,
        CancellationToken cancellationToken)
    {
        if (!ApiMediaTypes.IsJson(request.ContentType))
            return ApiMediaTypes.Unsupported(request.ContentType);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON: {e.Message}"] });
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge($"The body is over {ActivityLimits.RequestBytes / 1024 / 1024} MB: send fewer activities per request.");
        }
        catch (BadHttpRequestException e)
        {
            // The body ended before its Content-Length, or its chunks were malformed: the client's doing, not a 500.
            return Results.Problem(statusCode: e.StatusCode, title: "Bad request", detail: "The body could not be read to its end; nothing was recorded.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (ActivityInput.Read(root, out var error) is not { } input)
                    return Results.ValidationProblem(error!);
                // Single activities and batches alike are recorded by one writer, together with whatever else is waiting.
                if (await UnlessBusyAsync(groupCommit.RecordAsync(scope.OrganizationId, input, cancellationToken), errors) is not { } result)
                    return Busy();
                return result.Status switch
                {
                    RecordStatus.Created => Results.Created($"/api/v1/activities?after={result.Id - 1}&limit=1", new ActivityAnswer(result.Id, false)),
                    RecordStatus.Duplicate => Results.Ok(new ActivityAnswer(result.Id, true)),
                    RecordStatus.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                        extensions: new Dictionary<string, object?> { ["errors"] = result.Errors }),
                    _ => Results.ValidationProblem(result.Errors!.ToDictionary()),
                };
            }
            if (root.ValueKind != JsonValueKind.Array)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["must be an activity object or an array of them"] });
            if (root.GetArrayLength() > ActivityRecorder.MaxBatch)
                return TooLarge($"A batch holds at most {ActivityRecorder.MaxBatch:N0} activities; this one has {root.GetArrayLength():N0}.");

            var inputs = new List<ActivityInput>();
            var answers = new ActivityAnswer[root.GetArrayLength()];
            var positions = new List<int>();
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                // An item's errors name its fields as a single activity's do; its place in the answer is its index.
                var input = element.ValueKind == JsonValueKind.Object ? ActivityInput.Read(element, out var error)
                    : NotAnActivity(index, out error);
                if (input is null)
                    answers[index] = new ActivityAnswer(null, false, StatusCodes.Status400BadRequest, error);
                else
                {
                    inputs.Add(input);
                    positions.Add(index);
                }
                index++;
            }
            if (await UnlessBusyAsync(groupCommit.RecordAsync(scope.OrganizationId, inputs, cancellationToken), errors) is not { } results)
                return Busy();
            for (var i = 0; i < results.Count; i++)
                answers[positions[i]] = Answer(results[i]);
            return Results.Ok(answers);
        }
    }

    /// <summary>
    /// The recording's result, or null when the database stayed locked by other writers past its busy timeout, or
    /// could not be reached: the agent is told to retry (503 with Retry-After) rather than given a server error, and
    /// nothing was written.
    /// </summary>
    private static async Task<T?> UnlessBusyAsync<T>(Task<T> recording, IDatabaseErrors errors) where T : class
    {
        try
        {
            return await recording;
        }
        catch (Exception e) when (errors.Classify(e) is DatabaseFailure.Busy or DatabaseFailure.Unavailable)
        {
            return null;
        }
    }

    private static IResult Busy() => new RetryLater(Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy",
        detail: "The database is busy with other writes; nothing was recorded. Retry in a moment."));

    /// <summary>A problem answer with a Retry-After header.</summary>
    private sealed class RetryLater(IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return problem.ExecuteAsync(httpContext);
        }
    }

    // The query is read here rather than bound: a value that is not a number is then a 400 naming it, in every
    // environment, instead of the framework's bare 400 (or, in Development, its exception page).
    private static async Task<IResult> GetAsync(ActivityFeed feed,
        [FromQuery, Description("The id after which to start: 0, or the last id (or next) of the previous page")] string? after,
        [FromQuery, Description("How many activities to answer, 1 to 1000; 100 when not given")] string? limit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var from = QueryNumber(after, nameof(after), 0, long.MaxValue, 0, "must be an activity id: a whole number of 0 or more", errors);
        var take = (int)QueryNumber(limit, nameof(limit), 1, MaxPage, DefaultPage, $"must be a whole number from 1 to {MaxPage}", errors);
        if (errors.Count > 0)
            return Results.ValidationProblem(errors);
        var activities = await feed.ActivitiesAfterAsync(from, take, cancellationToken);
        return Results.Ok(new ActivityPage(activities.Select(ActivityView.From).ToList(), activities.Count == take ? activities[^1].Id : null));
    }

    // The query is bound as text (see GetAsync), but the description says what it holds: whole numbers in range.
    private static Task DescribeQueryNumbers(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            parameter.Schema = parameter.Name switch
            {
                "after" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0" },
                "limit" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = MaxPage.ToString(CultureInfo.InvariantCulture) },
                _ => parameter.Schema,
            };
        }
        return Task.CompletedTask;
    }

    private static long QueryNumber(string? text, string name, long min, long max, long missing, string message, Dictionary<string, string[]> errors)
    {
        if (text is null)
            return missing;
        // Digits only: no sign, no spaces, no decimals; a repeated parameter arrives joined by a comma.
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors[name] = [message];
        return missing;
    }

    private static ActivityInput? NotAnActivity(int index, out Dictionary<string, string[]> errors)
    {
        errors = new() { [$"[{index}]"] = ["must be an activity object"] };
        return null;
    }

    private static ActivityAnswer Answer(RecordResult result) => result.Status switch
    {
        RecordStatus.Created => new ActivityAnswer(result.Id, false, StatusCodes.Status201Created),
        RecordStatus.Duplicate => new ActivityAnswer(result.Id, true, StatusCodes.Status200OK),
        RecordStatus.NotFound => new ActivityAnswer(null, false, StatusCodes.Status404NotFound, result.Errors),
        _ => new ActivityAnswer(null, false, StatusCodes.Status400BadRequest, result.Errors),
    };

    private static IResult TooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: detail);
}

/// <summary>The answer for one activity: its id (also for a duplicate) or, in a batch, its status and errors.</summary>
internal sealed record ActivityAnswer(long? Id, bool Duplicate, int? Status = null, IReadOnlyDictionary<string, string[]>? Errors = null);

internal sealed record ActivityPage(IReadOnlyList<ActivityView> Items, long? Next);

/// <summary>An activity as the API returns it.</summary>
internal sealed record ActivityView(
    long Id, string? ExternalId, string Type, int CampaignId, int LeadId, DateTime OccurredAt, string? Direction, string? Channel,
    string? Outcome, int? DurationSeconds, string? Summary, IReadOnlyList<TranscriptTurn>? Transcript, string? RecordingUrl,
    IReadOnlyDictionary<string, string>? Extracted, string? Body, string? StatusFrom, string? StatusTo, string? Actor)
{
    public static ActivityView From(Activity a) => new(
        a.Id, a.ExternalId, Snake(a.Kind), a.CampaignId, a.LeadId, a.OccurredAt, Snake(a.Direction),
        a.Channel is { } channel ? ActivityInput.ChannelName(channel) : null,
        a.CallOutcome is { } call ? Snake(call) : Snake(a.DeliveryState), a.DurationSeconds, a.Summary, a.Transcript, a.RecordingUrl,
        a.Extracted, a.Body, Snake(a.StatusFrom), Snake(a.StatusTo), a.Actor);

    private static string Snake<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string? Snake<T>(T? value) where T : struct, Enum => value is { } v ? Snake(v) : null;
}
