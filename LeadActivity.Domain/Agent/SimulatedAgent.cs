using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using LeadActivity.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LeadActivity.Domain.Agent;

/// <summary>
/// A stand-in for the AI agent, so a demo comes alive: it works through the new leads of every active campaign and
/// through the retries the dispatcher hands it, producing realistic calls (outcomes, durations, transcripts,
/// extracted data, a generated recording) and WhatsApp messages. Everything it does enters through the
/// <see cref="ActivityRecorder"/>, exactly as the real agent's reports do through the API.
/// </summary>
public sealed class SimulatedAgent(LeadActivityDatabase database, ActivityStream stream, TimeProvider clock) : IAgentDialer
{
    private readonly Random _random = new();
    private readonly Lock _gate = new();

    /// <summary>
    /// Contacts up to <paramref name="perCampaign"/> new leads of each active campaign, each only inside the
    /// campaign's calling hours in the lead's local time (retries wait for them in the <see cref="FollowUpDispatcher"/>).
    /// </summary>
    public async Task<int> WorkAsync(int perCampaign, CancellationToken cancellationToken)
    {
        List<Campaign> active;
        await using (var db = database.CreateContext(0))
            active = await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => c.Status == CampaignStatus.Active).ToListAsync(cancellationToken);
        var contacted = 0;
        foreach (var campaign in active)
            contacted += await WorkAsync(campaign, perCampaign, cancellationToken);
        return contacted;
    }

    // How many new leads a round looks at per campaign to find some inside their calling hours. The lead's zone comes
    // from its number, not a column, so the window is checked here; a round goes on from where the previous one
    // stopped, so leads further down a long list whose window is open are reached too.
    internal int ScanPerRound { get; init; } = 2_000;
    private readonly Dictionary<int, int> _scannedUpTo = [];

    /// <summary>
    /// Contacts a campaign's first new leads whose calling hours are open. With several nodes sharing PostgreSQL, each
    /// node's agent works: a node takes a campaign only if no other node is working it (it moves on instead of
    /// waiting), and holds it until the recordings that make the leads contacted have committed;
    /// the next node then sees them contacted and never calls a lead a second time.
    /// </summary>
    private async Task<int> WorkAsync(Campaign campaign, int perCampaign, CancellationToken cancellationToken)
    {
        await using var claim = await database.Stores.Locks.TryHoldAsync(ClusterLock.CampaignWork, campaign.Id, cancellationToken);
        if (claim is null)
            return 0;
        var leads = await OpenLeadsAsync(campaign, perCampaign, cancellationToken);
        foreach (var lead in leads)
            await ContactAsync(campaign.OrganizationId, campaign.Id, lead, campaign.Channel, cancellationToken);
        return leads.Count;
    }

    /// <summary>Up to <paramref name="take"/> new leads of the campaign whose calling window is open now.</summary>
    private async Task<List<int>> OpenLeadsAsync(Campaign campaign, int take, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int after;
        lock (_gate)
            after = _scannedUpTo.GetValueOrDefault(campaign.Id);
        var open = new List<int>();
        var scanned = 0;
        var wrapped = after == 0;
        await using var db = database.CreateContext(0);
        while (open.Count < take && scanned < ScanPerRound)
        {
            var from = after;
            var page = await db.Leads.IgnoreQueryFilters()
                .Where(l => l.CampaignId == campaign.Id && l.Status == LeadStatus.New && l.Id > from)
                .OrderBy(l => l.Id).Take(Math.Min(500, ScanPerRound - scanned))
                .Select(l => new { l.Id, l.Phone, l.WhatsApp })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                if (wrapped)
                    break;
                wrapped = true;
                after = 0; // back to the start of the list, for leads passed over in earlier rounds
                continue;
            }
            scanned += page.Count;
            after = page[^1].Id;
            open.AddRange(page.Where(l => CallingWindow.IsOpen(campaign, l.Phone ?? l.WhatsApp, now)).Select(l => l.Id).Take(take - open.Count));
        }
        lock (_gate)
            _scannedUpTo[campaign.Id] = open.Count == take ? open[^1] : after;
        return open;
    }

    public Task DialAsync(DialRequest request, CancellationToken cancellationToken) =>
        ContactAsync(request.OrganizationId, request.CampaignId, request.LeadId, request.Channel, cancellationToken);

    private async Task ContactAsync(int organizationId, int campaignId, int leadId, Channel channel, CancellationToken cancellationToken)
    {
        Lead? lead;
        await using (var db = database.CreateContext(organizationId))
            lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null)
            return;
        var input = channel == Channel.Phone ? Call(lead) : Message(lead);
        var recorder = new ActivityRecorder(database, new FixedOrganizationScope(organizationId), stream, clock);
        await recorder.RecordAsync([input with { CampaignId = campaignId, LeadId = lead.Id }], cancellationToken);
    }

    private ActivityInput Call(Lead lead)
    {
        lock (_gate)
        {
            var outcome = _random.Next(100) switch
            {
                < 35 => "answered", < 65 => "no_answer", < 85 => "voicemail", < 92 => "busy", < 97 => "hangup", _ => "failed",
            };
            var duration = outcome switch { "answered" => _random.Next(40, 300), "voicemail" => _random.Next(15, 40), "hangup" => _random.Next(3, 15), _ => 0 };
            var input = NewInput("call", outcome) with { DurationSeconds = duration, Channel = "phone" };
            if (outcome != "answered")
                return input;

            var first = lead.Name.Split(' ')[0];
            var company = lead.Fields.GetValueOrDefault("company") ?? "your company";
            var budget = $"{_random.Next(2, 50)}k";
            var day = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }[_random.Next(5)];
            string[] lines =
            [
                $"agent|Hi, is this {first}?",
                "lead|Yes, speaking.",
                $"agent|I'm calling about {company}'s plan. Is now a good moment?",
                $"lead|Briefly. Our budget is around {budget}.",
                $"agent|Would {day} suit you for a call with a specialist?",
                $"lead|{day} is fine.",
                "agent|Great, I'll send an invite. Thank you!",
            ];
            var offsets = DemoRecording.EvenTurns(duration, lines.Length);
            var status = _random.Next(3) switch { 0 => "qualified", 1 => "callback", _ => "not_interested" };
            return input with
            {
                Summary = $"Spoke with {first}; budget around {budget}; {status.Replace('_', ' ')}.",
                Transcript = lines.Select((l, i) => new TranscriptTurnInput(l.Split('|')[0], l.Split('|')[1], offsets[i])).ToList(),
                RecordingUrl = DemoRecording.Url(duration, _random.Next(1, 1_000_000)),
                Extracted = new Dictionary<string, string> { ["budget"] = budget, ["callback_day"] = day },
                LeadStatus = status,
            };
        }
    }

    private ActivityInput Message(Lead lead)
    {
        lock (_gate)
        {
            var replied = _random.Next(4) == 0;
            if (!replied)
            {
                return NewInput("message", _random.Next(10) == 0 ? "failed" : "delivered") with
                {
                    Channel = "whatsapp",
                    Body = $"Hi {lead.Name.Split(' ')[0]}, this is Ava. Do you have a minute to talk about your plan?",
                };
            }
            var (body, status) = _random.Next(3) switch
            {
                0 => ("Yes please, send me the details.", "qualified"),
                1 => ("Can you call me tomorrow?", "callback"),
                _ => ("No thanks.", "not_interested"),
            };
            return NewInput("message", "replied") with { Channel = "whatsapp", Direction = "inbound", Body = body, LeadStatus = status };
        }
    }

    private ActivityInput NewInput(string type, string outcome) => new()
    {
        ExternalId = $"sim-{Guid.NewGuid():N}",
        Type = type,
        Outcome = outcome,
        Direction = "outbound",
        OccurredAt = clock.GetUtcNow(),
    };
}
