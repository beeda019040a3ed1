using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Leads;

public sealed class TimelineThreadsTests
{
    private static readonly DateTime Start = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private static TimelineEntry Entry(long id, ActivityKind kind, Channel? channel = null, Direction? direction = null) =>
        new(id, kind, Start.AddMinutes(id), direction, channel, null, null, null, null, kind == ActivityKind.Message ? $"message {id}" : null,
            null, null, null, null, null, null, false, false);

    private static TimelineEntry WhatsApp(long id, Direction direction = Direction.Outbound) => Entry(id, ActivityKind.Message, Channel.WhatsApp, direction);

    [Fact]
    public void Messages_with_nothing_between_them_read_as_one_conversation_oldest_first_while_blocks_stay_newest_first()
    {
        // Newest first, as the timeline loads them.
        var entries = new[]
        {
            WhatsApp(7, Direction.Inbound), WhatsApp(6), Entry(5, ActivityKind.Call, Channel.Phone), WhatsApp(4, Direction.Inbound),
            WhatsApp(3), WhatsApp(2), Entry(1, ActivityKind.Note),
        };

        var blocks = TimelineThreads.Group(entries);

        Assert.Equal([[6L, 7L], [5L], [2L, 3L, 4L], [1L]], blocks.Select(b => b.Entries.Select(e => e.Id).ToArray()).ToArray());
        Assert.Equal([true, false, true, false], blocks.Select(b => b.IsConversation).ToArray());
    }

    [Fact]
    public void A_change_of_channel_starts_another_conversation_and_a_lone_message_is_a_conversation_of_one()
    {
        var sms = Entry(3, ActivityKind.Message, Channel.Phone, Direction.Outbound);
        var blocks = TimelineThreads.Group([WhatsApp(4), sms, WhatsApp(2), Entry(1, ActivityKind.StatusChange)]);

        Assert.Equal([[4L], [3L], [2L], [1L]], blocks.Select(b => b.Entries.Select(e => e.Id).ToArray()).ToArray());
        Assert.Equal([Channel.WhatsApp, Channel.Phone, Channel.WhatsApp, null], blocks.Select(b => b.Channel).ToArray());
        Assert.True(blocks[1].IsConversation);
    }

    [Fact]
    public void An_empty_timeline_has_no_blocks() => Assert.Empty(TimelineThreads.Group([]));
}
