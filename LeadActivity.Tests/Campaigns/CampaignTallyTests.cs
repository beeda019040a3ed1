using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Campaigns;

public sealed class CampaignTallyTests
{
    // Monday 1 December 2025, 10:00 in New York (15:00 UTC).
    private static readonly DateTime Now = new(2025, 12, 1, 15, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private long _id;

    private ActivityEvent Call(DateTime at, CallOutcome outcome, int lead = 1) =>
        new(++_id, at, ActivityKind.Call, lead, "Ana", 7, "Spring", Direction.Outbound, Channel.Phone, outcome, null, 30, null, null, null);

    private ActivityEvent Status(int lead, LeadStatus from, LeadStatus to) =>
        new(++_id, Now, ActivityKind.StatusChange, lead, "Ana", 7, "Spring", null, null, null, null, null, from, to, null);

    private static CampaignTally Loaded(int newLeads)
    {
        var tally = new CampaignTally(7);
        tally.SetStatuses([(LeadStatus.New, newLeads)]);
        tally.SetActivities([], []);
        return tally;
    }

    [Fact]
    public void A_known_event_sequence_gives_the_funnel_with_its_conversions()
    {
        var tally = Loaded(10);
        // Four leads reached: two qualified, one not interested, one still just contacted.
        foreach (var lead in new[] { 1, 2, 3, 4 })
        {
            tally.Add(Call(Now.AddMinutes(-1), CallOutcome.Answered, lead));
            tally.Add(Status(lead, LeadStatus.New, LeadStatus.Contacted));
        }
        tally.Add(Status(1, LeadStatus.Contacted, LeadStatus.Qualified));
        tally.Add(Status(2, LeadStatus.Contacted, LeadStatus.Qualified));
        tally.Add(Status(3, LeadStatus.Contacted, LeadStatus.NotInterested));

        var view = tally.View(Now, CallingHours.Weekdays9To18, [NewYork], NewYork);

        Assert.Equal(10, view.Leads);
        Assert.Equal(4, view.Contacted);
        Assert.Equal(6, view.LeadsLeft);
        Assert.Equal(0.4, view.Done);
        var funnel = view.Funnel.ToDictionary(s => s.Label);
        Assert.Equal((10, (double?)null), (funnel["All leads"].Leads, funnel["All leads"].Conversion));
        Assert.Equal((4, (double?)0.4), (funnel["Contacted"].Leads, funnel["Contacted"].Conversion));
        Assert.Equal((2, (double?)0.5), (funnel["Qualified"].Leads, funnel["Qualified"].Conversion));
        Assert.Equal((1, (double?)0.25), (funnel["Not interested"].Leads, funnel["Not interested"].Conversion));
        Assert.Equal((0, (double?)0), (funnel["Do not call"].Leads, funnel["Do not call"].Conversion));
    }

    [Fact]
    public void Outcomes_are_counted_with_their_rates()
    {
        var tally = Loaded(5);
        tally.Add(Call(Now, CallOutcome.Answered));
        tally.Add(Call(Now, CallOutcome.NoAnswer));
        tally.Add(Call(Now, CallOutcome.NoAnswer));
        tally.Add(Call(Now, CallOutcome.Voicemail));

        var view = tally.View(Now, CallingHours.Weekdays9To18, [NewYork], NewYork);

        Assert.Equal(4, view.Calls);
        Assert.Equal(2, view.CallOutcomes[CallOutcome.NoAnswer]);
        Assert.Equal(0.5, view.Rate(CallOutcome.NoAnswer));
        Assert.Equal(0.25, view.Rate(CallOutcome.Answered));
        Assert.Equal(0, view.Rate(CallOutcome.Busy));
    }

    [Fact]
    public void Pace_now_is_the_last_five_minutes_per_minute_and_the_hour_forgets_older_calls()
    {
        var tally = Loaded(100);
        for (var i = 0; i < 10; i++)
            tally.Add(Call(Now.AddMinutes(-i * 0.4), CallOutcome.NoAnswer)); // 10 calls in the last 4 minutes
        tally.Add(Call(Now.AddMinutes(-30), CallOutcome.NoAnswer));
        tally.Add(Call(Now.AddMinutes(-90), CallOutcome.NoAnswer)); // older than the hour

        var view = tally.View(Now, CallingHours.Weekdays9To18, [NewYork], NewYork);

        Assert.Equal(2.0, view.PerMinuteNow);
        Assert.Equal(11, view.LastHour);
        Assert.Equal(12, view.Calls); // counted, just not in the pace
        // An hour later the pace has moved on without another event.
        Assert.Equal(0, tally.View(Now.AddHours(1), CallingHours.Weekdays9To18, [NewYork], NewYork).LastHour);
    }

    [Fact]
    public void The_finish_at_the_current_pace_counts_only_calling_hours()
    {
        // 10:00 in New York, 2 leads a minute: 1,200 leads are 10 hours of work; the window closes at 18:00, so two hours
        // are left for Tuesday 09:00–11:00 (New York), i.e. 16:00 UTC on Tuesday.
        var finish = CampaignTally.FinishesAt(Now, 1_200, 2, CallingHours.Weekdays9To18, NewYork);
        Assert.Equal(new DateTime(2025, 12, 2, 16, 0, 0, DateTimeKind.Utc), finish);

        // Friday 17:00: one hour left on Friday, the rest from Monday 09:00.
        var friday = new DateTime(2025, 12, 5, 22, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2025, 12, 8, 14, 30, 0, DateTimeKind.Utc), CampaignTally.FinishesAt(friday, 90, 1, CallingHours.Weekdays9To18, NewYork));

        Assert.Null(CampaignTally.FinishesAt(Now, 10, 0, CallingHours.Weekdays9To18, NewYork)); // no pace, no estimate
        Assert.Equal(Now, CampaignTally.FinishesAt(Now, 0, 0, CallingHours.Weekdays9To18, NewYork)); // nothing left
    }

    [Fact]
    public void The_next_window_is_the_earliest_among_the_zones_of_the_leads_next_in_line()
    {
        // 07:00 in New York, 04:00 in Los Angeles on a Monday: New York opens first, at 09:00 (14:00 UTC).
        var early = new DateTime(2025, 12, 1, 12, 0, 0, DateTimeKind.Utc);
        var losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var tally = Loaded(3);

        var view = tally.View(early, CallingHours.Weekdays9To18, [losAngeles, NewYork], losAngeles);

        Assert.False(view.WindowOpen);
        Assert.Equal(new DateTime(2025, 12, 1, 14, 0, 0, DateTimeKind.Utc), view.NextWindowUtc);
        Assert.True(tally.View(Now, CallingHours.Weekdays9To18, [NewYork], NewYork).WindowOpen);
    }

    [Fact]
    public void An_event_costs_the_same_whatever_the_campaigns_size()
    {
        var tally = new CampaignTally(7);
        tally.SetStatuses([(LeadStatus.New, 1_000_000), (LeadStatus.Contacted, 500_000)]);
        tally.SetActivities([(ActivityKind.Call, CallOutcome.NoAnswer, null, 3_000_000)], []);

        Assert.True(tally.Add(Status(9, LeadStatus.New, LeadStatus.Contacted)));
        Assert.True(tally.Add(Call(Now, CallOutcome.Busy)));
        Assert.False(tally.Add(new ActivityEvent(++_id, Now, ActivityKind.Note, 9, "Ana", 7, "Spring", null, null, null, null, null, null, null, "hi")));

        var view = tally.View(Now, CallingHours.Weekdays9To18, [NewYork], NewYork);
        Assert.Equal(1_500_000, view.Leads);
        Assert.Equal(500_001, view.Contacted);
        Assert.Equal(3_000_001, view.Calls);
    }
}
