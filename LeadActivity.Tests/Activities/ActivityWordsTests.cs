using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Activities;

public sealed class ActivityWordsTests
{
    [Fact]
    public void Every_kind_of_activity_has_words_of_its_own()
    {
        var headlines = Enum.GetValues<ActivityKind>().Select(kind => ActivityWords.Headline(Facts(kind))).ToList();

        Assert.Equal(headlines.Count, headlines.Distinct().Count());
        Assert.DoesNotContain(headlines, h => Enum.GetNames<ActivityKind>().Contains(h)); // none falls through to the enum's name
    }

    [Fact]
    public void A_cancelled_follow_up_says_so_in_the_feed_and_the_timeline_alike()
    {
        var live = Facts(ActivityKind.FollowUpCancelled);
        var timeline = new TimelineEntry(1, ActivityKind.FollowUpCancelled, DateTime.UtcNow, null, Channel.Phone, null, null, null, null, null, 2, 3,
            null, null, "Sam", null, false, false);

        Assert.Equal("Follow-up cancelled", live.Description);
        Assert.Equal(live.Description, ActivityWords.Headline(timeline));
    }

    [Theory]
    [InlineData(CallOutcome.Answered, 133, "Call answered · 2m 13s")]
    [InlineData(CallOutcome.Voicemail, 21, "Reached voicemail · 21s")]
    [InlineData(CallOutcome.NoAnswer, 0, "Call not answered")]
    [InlineData(CallOutcome.Busy, 0, "Line busy")]
    public void A_call_reads_the_same_wherever_it_is_shown(CallOutcome outcome, int seconds, string expected) =>
        Assert.Equal(expected, ActivityWords.Headline(Facts(ActivityKind.Call) with { CallOutcome = outcome, DurationSeconds = seconds }));

    private static ActivityEvent Facts(ActivityKind kind) => new(1, DateTime.UtcNow, kind, 1, "Ana", 1, "Spring", Direction.Outbound, Channel.Phone,
        kind == ActivityKind.Call ? CallOutcome.Answered : null, kind == ActivityKind.Message ? DeliveryState.Delivered : null, 30,
        kind == ActivityKind.StatusChange ? LeadStatus.New : null, kind == ActivityKind.StatusChange ? LeadStatus.Qualified : null, "Hello");
}
