using System.Text.Json;
using LeadActivity.Domain.Activities;

namespace LeadActivity.Tests.Activities;

/// <summary>How the API's body is read before it is validated: fields of the wrong type are named as documented.</summary>
public sealed class ActivityInputTests
{
    [Theory]
    [InlineData("""{"DurationSeconds":"seventy"}""", "durationSeconds")]
    [InlineData("""{"transcript":[{"speaker":"agent","text":"Hi","OffsetSeconds":"soon"}]}""", "transcript[0].offsetSeconds")]
    [InlineData("""{"transcript":[{"speaker":"agent","text":"Hi","offsetSeconds":1},{"speaker":["a"],"text":"Hi","offsetSeconds":2}]}""", "transcript[1].speaker")]
    [InlineData("""{"extracted":{"budget":{"amount":10}}}""", "extracted")]
    [InlineData("""{"occurredAt":"2026-11-26T17:00:00"}""", "occurredAt")]
    [InlineData("""[{"externalId":"a"}]""", "body")]
    [InlineData("""{"somethingElse":1,"leadId":"3x"}""", "leadId")]
    public void A_field_of_the_wrong_type_is_named_as_sent_in_camel_case(string json, string field)
    {
        using var document = JsonDocument.Parse(json);

        var input = ActivityInput.Read(document.RootElement, out var errors);

        Assert.Null(input);
        Assert.Equal([field], errors!.Keys);
    }

    [Theory]
    [InlineData("2026-11-26T17:00:00Z", 17)]
    [InlineData("2026-11-26T12:00:00-05:00", 17)]
    [InlineData("2026-11-26T22:30:00+05:30", 17)]
    public void An_occurredAt_with_its_offset_is_read_as_that_instant(string time, int utcHour)
    {
        using var document = JsonDocument.Parse($$"""{"occurredAt":"{{time}}"}""");

        var input = ActivityInput.Read(document.RootElement, out var errors);

        Assert.Null(errors);
        Assert.Equal(new DateTime(2026, 11, 26, utcHour, 0, 0, DateTimeKind.Utc), input!.OccurredAt!.Value.UtcDateTime);
    }
}
