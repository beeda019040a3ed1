using LeadActivity.Domain.Activities;

namespace LeadActivity.Tests.Activities;

public sealed class FeedAnnouncerTests
{
    private static readonly DateTime Start = new(2026, 12, 6, 9, 0, 0, DateTimeKind.Utc);

    private static ActivityEvent Reply(long id, string lead) =>
        new(id, Start, ActivityKind.Message, 1, lead, 1, "Spring", Direction.Inbound, Domain.Campaigns.Channel.WhatsApp, null,
            DeliveryState.Replied, null, null, null, "Yes please");

    [Fact]
    public void The_first_event_is_announced_with_who_and_what()
    {
        var announcer = new FeedAnnouncer(TimeSpan.FromSeconds(10));

        Assert.Equal("New activity: Ana Lopez, Replied: “Yes please”.", announcer.Add([Reply(1, "Ana Lopez")], held: false, Start));
    }

    [Fact]
    public void A_flood_is_summed_up_once_per_interval_naming_the_newest()
    {
        var announcer = new FeedAnnouncer(TimeSpan.FromSeconds(10));
        announcer.Add([Reply(1, "Ana Lopez")], held: false, Start);

        for (var i = 2; i <= 40; i++)
            Assert.Null(announcer.Add([Reply(i, $"Lead {i}")], held: false, Start.AddSeconds(i / 5.0)));
        Assert.Null(announcer.Due(Start.AddSeconds(9.9)));

        Assert.Equal("39 new events. The newest: Lead 40, Replied: “Yes please”.", announcer.Due(Start.AddSeconds(10)));
        Assert.Null(announcer.Due(Start.AddSeconds(30))); // nothing new since
    }

    [Fact]
    public void Events_held_by_a_paused_feed_are_said_to_be_waiting_and_nothing_is_said_for_none()
    {
        var announcer = new FeedAnnouncer(TimeSpan.FromSeconds(10));

        Assert.Null(announcer.Add([], held: false, Start));
        Assert.Equal("2 new events waiting while the feed is held. The newest: Ben Ode, Replied: “Yes please”.",
            announcer.Add([Reply(5, "Ana Lopez"), Reply(6, "Ben Ode")], held: true, Start));
    }
}
