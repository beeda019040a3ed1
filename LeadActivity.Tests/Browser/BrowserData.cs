using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Tests.Browser;

/// <summary>What the browser tests and journeys arrange before a person acts: written straight to the app's database.</summary>
public static class BrowserData
{
    /// <summary>
    /// A contacted lead in an active phone campaign with one answered call (three transcript turns, a 30 s recording,
    /// extracted data) and a scheduled follow-up. <paramref name="hostileText"/>, when given, is put in every text a
    /// person can read, and a note by it is added.
    /// </summary>
    public static async Task<(int LeadId, long CallId)> AddLeadWithCallAsync(this BrowserFixture browser, string name, string? hostileText = null)
    {
        await using var db = browser.App.Database.CreateContext(1);
        var campaign = await db.Campaigns.FirstAsync(c => c.Channel == Channel.Phone && c.Status == CampaignStatus.Active);
        var now = DateTime.UtcNow;
        var lead = new Lead
        {
            CampaignId = campaign.Id, Name = name, Phone = $"+1415555{Random.Shared.Next(1000, 9999)}", Status = LeadStatus.Contacted,
            Email = hostileText is null ? null : $"{Guid.NewGuid():N}@example.com", CreatedAt = now.AddDays(-2), UpdatedAt = now,
            LastActivityAt = now.AddHours(-1), NextFollowUpAt = now.AddHours(3),
        };
        db.Leads.Add(lead);
        await db.SaveChangesAsync();
        var text = hostileText;
        var call = new Activity
        {
            LeadId = lead.Id, CampaignId = campaign.Id, Kind = ActivityKind.Call, OccurredAt = now.AddHours(-1), Direction = Direction.Outbound,
            Channel = Channel.Phone, CallOutcome = CallOutcome.Answered, DurationSeconds = 30,
            Summary = text ?? "Budget around 10k; call back Friday.",
            Transcript = [new("agent", text ?? "Hi, is this Zara?", 0.4), new("lead", text ?? "Yes.", 5), new("agent", text ?? "Great, about your plan…", 10)],
            RecordingUrl = DemoRecording.Url(30, 1),
            Extracted = text is not null ? new Dictionary<string, string> { [text] = text } : new Dictionary<string, string> { ["budget"] = "10k", ["callback_day"] = "Friday" },
        };
        db.Activities.Add(call);
        db.FollowUps.Add(new FollowUp
        {
            LeadId = lead.Id, CampaignId = campaign.Id, DueAt = now.AddHours(3), Attempt = 2, MaxAttempts = 3, Channel = Channel.Phone,
            TriggerOutcome = CallOutcome.NoAnswer, State = FollowUpState.Scheduled, CreatedAt = now,
        });
        if (text is not null)
        {
            var note = new Note { LeadId = lead.Id, AuthorId = "someone", Author = text, Text = text, CreatedAt = now };
            db.Activities.Add(new Activity { LeadId = lead.Id, CampaignId = campaign.Id, Kind = ActivityKind.Note, OccurredAt = now, Actor = text, Note = note });
        }
        await db.SaveChangesAsync();
        return (lead.Id, call.Id);
    }

    /// <summary>
    /// A lead with one call at the ingestion API's limits: <see cref="ActivityLimits.TranscriptTurns"/> turns of
    /// <see cref="ActivityLimits.TurnTextLength"/> characters each, spread over a 900 s recording. Turn i's text begins
    /// "Turn i:".
    /// </summary>
    public static async Task<(int LeadId, long CallId, IReadOnlyList<double> Offsets)> AddLeadWithLongCallAsync(this BrowserFixture browser, string name)
    {
        await using var db = browser.App.Database.CreateContext(1);
        var campaign = await db.Campaigns.FirstAsync(c => c.Channel == Channel.Phone && c.Status == CampaignStatus.Active);
        var now = DateTime.UtcNow;
        var lead = new Lead
        {
            CampaignId = campaign.Id, Name = name, Phone = $"+1415555{Random.Shared.Next(1000, 9999)}", Status = LeadStatus.Contacted,
            CreatedAt = now.AddDays(-2), UpdatedAt = now, LastActivityAt = now.AddHours(-1),
        };
        db.Leads.Add(lead);
        await db.SaveChangesAsync();
        var offsets = DemoRecording.EvenTurns(DemoRecording.MaxSeconds, ActivityLimits.TranscriptTurns);
        var words = string.Concat(Enumerable.Repeat("so the budget is about ten thousand and Friday works for a callback ", 60));
        var call = new Activity
        {
            LeadId = lead.Id, CampaignId = campaign.Id, Kind = ActivityKind.Call, OccurredAt = now.AddHours(-1), Direction = Direction.Outbound,
            Channel = Channel.Phone, CallOutcome = CallOutcome.Answered, DurationSeconds = DemoRecording.MaxSeconds,
            Summary = "A long call.",
            Transcript = [.. offsets.Select((offset, i) => new TranscriptTurn(i % 2 == 0 ? "agent" : "lead", $"Turn {i}: {words}"[..ActivityLimits.TurnTextLength], offset))],
            RecordingUrl = DemoRecording.Url(DemoRecording.MaxSeconds, 1),
        };
        db.Activities.Add(call);
        await db.SaveChangesAsync();
        return (lead.Id, call.Id, offsets);
    }

    /// <summary>A WhatsApp exchange on the lead: the agent's message and the lead's reply, an hour and a minute ago.</summary>
    public static async Task AddConversationAsync(this BrowserFixture browser, int leadId)
    {
        await using var db = browser.App.Database.CreateContext(1);
        var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
        var now = DateTime.UtcNow;
        db.Activities.Add(new Activity
        {
            LeadId = lead.Id, CampaignId = lead.CampaignId, Kind = ActivityKind.Message, Channel = Channel.WhatsApp, Direction = Direction.Outbound,
            OccurredAt = now.AddMinutes(-60), Body = "Hi! Is now a good time to talk about your plan?", DeliveryState = DeliveryState.Read,
        });
        db.Activities.Add(new Activity
        {
            LeadId = lead.Id, CampaignId = lead.CampaignId, Kind = ActivityKind.Message, Channel = Channel.WhatsApp, Direction = Direction.Inbound,
            OccurredAt = now.AddMinutes(-1), Body = "Tomorrow morning, please.",
        });
        await db.SaveChangesAsync();
    }
}
