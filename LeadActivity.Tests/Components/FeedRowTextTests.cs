using LeadActivity.App.Components.Activity;
using LeadActivity.App.Components.Shared;
using LeadActivity.Domain.Activities;

namespace LeadActivity.Tests.Components;

public sealed class FeedRowTextTests
{
    private static ActivityEvent Event(long id) => new(id, new DateTime(2026, 12, 6, 15, 30, 0, DateTimeKind.Utc), ActivityKind.Call, 7, "Ana Lima", 1,
        "Spring", Direction.Outbound, Domain.Campaigns.Channel.Phone, CallOutcome.Answered, null, 133, null, null, null);

    [Fact]
    public void Every_dashboard_shown_the_same_published_event_shares_its_texts()
    {
        var published = Event(41);

        var row = FeedRowText.Of(published);

        Assert.Same(row, FeedRowText.Of(published));
        Assert.Equal("41", row.Id);
        Assert.Equal($"Ana Lima: {published.Description}", row.Label);
        Assert.Equal("leads/7", row.Href);
        Assert.NotSame(row, FeedRowText.Of(Event(41) with { })); // a copy read from the database has its own
    }

    [Fact]
    public void Its_hover_time_is_on_each_viewers_clock()
    {
        var row = FeedRowText.Of(Event(42));
        var utc = new UserClock();
        var kathmandu = new UserClock();
        kathmandu.Use("Asia/Kathmandu");

        Assert.Contains("15:30", row.LocalTime(utc));
        Assert.Contains("21:15", row.LocalTime(kathmandu));
        Assert.Contains("15:30", row.LocalTime(utc));
    }
}
