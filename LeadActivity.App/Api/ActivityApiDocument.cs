using System.Globalization;
using System.Text.Json.Nodes;
using LeadActivity.App.Hosting;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Leads;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LeadActivity.App.Api;

/// <summary>
/// The ingestion API's description (<c>/openapi/v1.json</c>) as an integrator's generator needs it: only the
/// <c>/api/v1</c> routes, the organization's key as the security scheme, the body as one activity or a batch, each
/// field's allowed values and the limits <see cref="ActivityInput.Validate(DateTime)"/> enforces (from
/// <see cref="ActivityLimits"/>, so the two cannot drift apart).
/// </summary>
internal static class ActivityApiDocument
{
    private const string SecurityScheme = "ApiKey";

    public static void Describe(OpenApiOptions options)
    {
        // The pages' file downloads, sign-out and recordings are the dashboard's, behind its cookie: not the API.
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.OrdinalIgnoreCase) == true;
        options.AddSchemaTransformer(DescribeFields);
        options.AddDocumentTransformer(DescribeDocument);
    }

    private static Task DescribeFields(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(ActivityInput))
        {
            WhatToSend(schema);
            DescribeActivity(schema);
        }
        else if (context.JsonTypeInfo.Type == typeof(TranscriptTurnInput))
        {
            WhatToSend(schema);
            schema.Required = new HashSet<string> { "speaker", "text", "offsetSeconds" };
            Property(schema, "speaker").MaxLength = ActivityLimits.SpeakerLength;
            Property(schema, "text").MaxLength = ActivityLimits.TurnTextLength;
            Seconds(Property(schema, "offsetSeconds"));
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The input records are all-nullable so that each missing field can be named in the answer, and the web defaults
    /// also read numbers written as strings; what an integrator sends is a field left out or a value of its type.
    /// </summary>
    private static void WhatToSend(OpenApiSchema schema)
    {
        foreach (var property in schema.Properties?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (property.Type is not { } type)
                continue;
            property.Type = type.HasFlag(JsonSchemaType.Integer) ? JsonSchemaType.Integer
                : type.HasFlag(JsonSchemaType.Number) ? JsonSchemaType.Number
                : type & ~JsonSchemaType.Null;
            if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
                property.Pattern = null;
        }
    }

    private static void DescribeActivity(OpenApiSchema schema)
    {
        // outcome is required for both types; which values depends on the type (see its description).
        schema.Required = new HashSet<string> { "externalId", "type", "campaignId", "occurredAt", "outcome" };
        schema.AnyOf = [Requires("leadId"), Requires("leadPhone"), Requires("leadWhatsApp")];
        schema.Description = "A call or a message. The lead is named by leadId, leadPhone or leadWhatsApp (E.164, or a number " +
            "of the campaign's region). A message needs a body and has no transcript or recordingUrl; a call has no body.";

        Property(schema, "externalId").MaxLength = ActivityLimits.ExternalIdLength;
        Property(schema, "externalId").Description = "Your system's id for this activity: the same id delivered again is stored once.";
        OneOf(Property(schema, "type"), "call", "message");
        Property(schema, "campaignId").Minimum = "1";
        Property(schema, "leadId").Minimum = "1";
        Property(schema, "leadPhone").MaxLength = ActivityLimits.LeadNumberLength;
        Property(schema, "leadWhatsApp").MaxLength = ActivityLimits.LeadNumberLength;
        var occurredAt = Property(schema, "occurredAt");
        occurredAt.Type = JsonSchemaType.String;
        occurredAt.Format = "date-time";
        occurredAt.Description = "ISO 8601 with its offset (a time without one is refused), not before " +
            $"{ActivityLimits.EarliestOccurredAt:yyyy-MM-dd} and at most {ActivityLimits.ClockSkew.TotalMinutes:0} minutes ahead of the server's clock.";
        OneOf(Property(schema, "direction"), "outbound", "inbound");
        OneOf(Property(schema, "channel"), "phone", "whatsapp");
        var outcome = Property(schema, "outcome");
        OneOf(outcome, "answered", "no_answer", "voicemail", "hangup", "busy", "failed", "sent", "delivered", "read", "replied");
        outcome.Description = "For a call: answered, no_answer, voicemail, hangup, busy or failed. " +
            "For a message, its delivery state: sent, delivered, read, replied or failed.";
        var duration = Property(schema, "durationSeconds");
        duration.Minimum = "0";
        duration.Maximum = ActivityLimits.CallSeconds.ToString(CultureInfo.InvariantCulture);
        Property(schema, "summary").MaxLength = ActivityLimits.SummaryLength;
        Property(schema, "transcript").MaxItems = ActivityLimits.TranscriptTurns;
        var recording = Property(schema, "recordingUrl");
        recording.MaxLength = ActivityLimits.RecordingUrlLength;
        recording.Description = "An https URL (the call page cannot play http), or a path on this server.";
        var extracted = Property(schema, "extracted");
        extracted.MaxProperties = ActivityLimits.ExtractedEntries;
        extracted.Description = $"What the call found out, as text: keys of 1 to {ActivityLimits.ExtractedKeyLength} characters.";
        if (extracted.AdditionalProperties is OpenApiSchema value)
            value.MaxLength = ActivityLimits.ExtractedValueLength;
        Property(schema, "body").MaxLength = ActivityLimits.BodyLength;
        OneOf(Property(schema, "leadStatus"), [.. Enum.GetValues<LeadStatus>().Select(s => s.Slug())]);
        Property(schema, "leadStatus").Description = "The lead's status after this activity, when it changes it.";
    }

    private static OpenApiSchema Property(OpenApiSchema schema, string name) =>
        schema.Properties?.TryGetValue(name, out var property) == true && property is OpenApiSchema inline
            ? inline
            : throw new InvalidOperationException($"The schema has no inline property {name}: ActivityApiDocument is out of date.");

    private static void Seconds(OpenApiSchema schema)
    {
        schema.Minimum = "0";
        schema.Maximum = ActivityLimits.CallSeconds.ToString(CultureInfo.InvariantCulture);
    }

    private static void OneOf(OpenApiSchema schema, params string[] values) =>
        schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    private static OpenApiSchema Requires(string field) => new() { Required = new HashSet<string> { field } };

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "LeadActivity ingestion API";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.Header,
            Description = "The organization's API key. A missing, unknown or revoked key is answered 401.",
        };
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, document)] = [] };
        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Security = [requirement];
                // Routing answers another method on the path (a CORS preflight among them) 405 with problem details.
                Problem(operation, document, StatusCodes.Status405MethodNotAllowed, "Not a method of this path; nothing was done.");
            }
        }

        if (document.Paths.TryGetValue("/api/v1/activities", out var activities))
        {
            if (activities.Operations?.TryGetValue(HttpMethod.Post, out var post) == true)
                DescribeBatch(post, document);
            if (activities.Operations?.TryGetValue(HttpMethod.Get, out var get) == true)
            {
                Describe(get, StatusCodes.Status400BadRequest, "after or limit is not a whole number in range; the errors name it.");
                DescribeAccess(get);
            }
        }
        return Task.CompletedTask;
    }

    private static void DescribeBatch(OpenApiOperation post, OpenApiDocument document)
    {
        var activity = new OpenApiSchemaReference(nameof(ActivityInput), document);
        var body = post.RequestBody!.Content![ApiMediaTypes.Json];
        body.Schema = new OpenApiSchema
        {
            OneOf =
            [
                activity,
                new OpenApiSchema { Type = JsonSchemaType.Array, Items = activity, MaxItems = ActivityLimits.BatchSize, MinItems = 0 },
            ],
        };
        body.Example = JsonNode.Parse("""
            {"externalId":"call-8f2c91","type":"call","campaignId":3,"leadPhone":"+14155550132",
             "occurredAt":"2026-11-26T17:00:00Z","direction":"outbound","channel":"phone","outcome":"answered",
             "durationSeconds":73,"summary":"Interested, wants a callback on Friday.",
             "transcript":[{"speaker":"agent","text":"Hi, is this Ana?","offsetSeconds":0.4}],
             "recordingUrl":"https://example.com/rec/8f2c91.mp3","extracted":{"budget":"10k","callback_day":"Friday"},
             "leadStatus":"callback"}
            """);

        var answer = new OpenApiSchemaReference(nameof(ActivityAnswer), document);
        var ok = post.Responses![StatusCodes.Status200OK.ToString(CultureInfo.InvariantCulture)];
        ok.Description = "A single activity already stored (duplicate: true, its id), or a batch: one answer per item, " +
            "in order, each with its status (201, 200, 400 or 404) and, when not stored, its errors.";
        ok.Content![ApiMediaTypes.Json].Schema = new OpenApiSchema
        {
            OneOf = [answer, new OpenApiSchema { Type = JsonSchemaType.Array, Items = answer, MaxItems = ActivityLimits.BatchSize }],
        };
        post.Responses[StatusCodes.Status201Created.ToString(CultureInfo.InvariantCulture)].Description = "Stored; its id.";
        DescribeAccess(post);
        Describe(post, StatusCodes.Status400BadRequest, "Not valid: the errors name each field (or the body).");
        Describe(post, StatusCodes.Status404NotFound, "No such campaign or lead in the organization; nothing was stored.");
        Describe(post, StatusCodes.Status413PayloadTooLarge, $"Over {ActivityLimits.RequestBytes / 1024 / 1024} MB, or over {ActivityLimits.BatchSize:N0} activities.");
        Describe(post, StatusCodes.Status415UnsupportedMediaType, "Not sent as JSON in UTF-8 (application/json or application/…+json).");
        Describe(post, StatusCodes.Status503ServiceUnavailable, "The database is busy; nothing was stored. Retry after Retry-After seconds.");
    }

    private static void DescribeAccess(OpenApiOperation operation)
    {
        Describe(operation, StatusCodes.Status401Unauthorized, "No API key, or an unknown or revoked one.");
        Describe(operation, StatusCodes.Status429TooManyRequests, "Over the organization's requests per second (a batch counts once); retry after Retry-After seconds.");
    }

    private static void Describe(OpenApiOperation operation, int status, string description)
    {
        if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true && response is OpenApiResponse known)
            known.Description = description;
    }

    private static void Problem(OpenApiOperation operation, OpenApiDocument document, int status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
            },
        };
    }
}
