using System.Globalization;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Leads;
using PhoneNumbers;

namespace LeadActivity.Domain.Demo;

/// <summary>A generated lead with the history the agent would have produced for it.</summary>
public sealed record DemoLead(Lead Lead, IReadOnlyList<Activity> History, FollowUp? FollowUp);

/// <summary>
/// Generates realistic, deterministic demo data: the same seed and clock give the same campaigns, leads, numbers
/// and history. Phone numbers are valid for their country (checked with libphonenumber) and unique.
/// </summary>
public sealed class DemoDataGenerator(int seed, DateTime now)
{
    private const int HistoryDays = 21;
    private static readonly PhoneNumberUtil PhoneUtil = PhoneNumberUtil.GetInstance();

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, long> _numberCounters = [];
    private readonly DateTime _now = DateTime.SpecifyKind(now, DateTimeKind.Utc);
    private int _recording;

    public static IReadOnlyList<CustomFieldDefinition> StandardFields { get; } =
    [
        new("company", "Company", CustomFieldType.Text, Required: true),
        new("city", "City", CustomFieldType.Text),
        new("industry", "Industry", CustomFieldType.Choice, Options: DemoNames.Industries),
        new("employees", "Employees", CustomFieldType.Number),
        new("plan", "Plan", CustomFieldType.Choice, Options: DemoNames.Plans),
    ];

    public static IReadOnlyList<FollowUpRule> StandardRules { get; } =
    [
        new(CallOutcome.NoAnswer, TimeSpan.FromHours(4), 3, Channel.Phone),
        new(CallOutcome.Voicemail, TimeSpan.FromDays(1), 2, Channel.WhatsApp),
        new(CallOutcome.Busy, TimeSpan.FromMinutes(30), 3, Channel.Phone),
        new(CallOutcome.Failed, TimeSpan.FromHours(1), 2, Channel.Phone),
    ];

    /// <summary>The demo organization's campaigns: one phone, one WhatsApp, one draft.</summary>
    public IReadOnlyList<Campaign> DemoCampaigns() =>
    [
        NewCampaign("Spring renewals", Channel.Phone, CampaignStatus.Active, "US", "America/New_York"),
        NewCampaign("WhatsApp reactivation", Channel.WhatsApp, CampaignStatus.Active, "GB", "Europe/London"),
        NewCampaign("Autumn webinar invites", Channel.Phone, CampaignStatus.Draft, "DE", "Europe/Berlin"),
    ];

    /// <summary><paramref name="count"/> active campaigns alternating phone and WhatsApp, for benchmarks.</summary>
    public IReadOnlyList<Campaign> Campaigns(int count) =>
        Enumerable.Range(1, count)
            .Select(i => NewCampaign($"Campaign {i:00}", i % 3 == 0 ? Channel.WhatsApp : Channel.Phone, CampaignStatus.Active, "US", "America/New_York"))
            .ToList();

    /// <summary>Leads spread over <paramref name="campaigns"/> (which must have ids), with their history.</summary>
    public IEnumerable<DemoLead> Leads(IReadOnlyList<Campaign> campaigns, int count)
    {
        for (var i = 0; i < count; i++)
            yield return NextLead(campaigns[i % campaigns.Count]);
    }

    private Campaign NewCampaign(string name, Channel channel, CampaignStatus status, string region, string timeZone) => new()
    {
        Name = name,
        Channel = channel,
        Status = status,
        DefaultRegion = region,
        TimeZone = timeZone,
        Fields = [.. StandardFields],
        FollowUpRules = [.. StandardRules],
        CreatedAt = _now.AddDays(-HistoryDays - 7),
        UpdatedAt = _now.AddDays(-HistoryDays - 7),
    };

    private DemoLead NextLead(Campaign campaign)
    {
        var region = Pick(DemoNames.Regions);
        var (firstNames, lastNames) = DemoNames.ByRegion[region];
        var first = Pick(firstNames);
        var last = Pick(lastNames);
        var phone = NextPhoneNumber(region);
        var created = _now.AddDays(-HistoryDays - 2).AddMinutes(_random.Next(0, 60 * 24 * 2));
        var company = $"{Pick(DemoNames.CompanyNames)} {Pick(DemoNames.CompanySuffixes)}";
        var lead = new Lead
        {
            CampaignId = campaign.Id,
            Name = $"{first} {last}",
            Phone = phone,
            WhatsApp = campaign.Channel == Channel.WhatsApp || _random.Next(3) == 0 ? phone : null,
            Email = _random.Next(5) == 0 ? null : $"{Ascii(first)}.{Ascii(last)}@{Ascii(company)}.example",
            Status = LeadStatus.New,
            Fields = new Dictionary<string, string>
            {
                ["company"] = company,
                ["city"] = Pick(DemoNames.Cities),
                ["industry"] = Pick(DemoNames.Industries),
                ["employees"] = _random.Next(2, 5000).ToString(CultureInfo.InvariantCulture),
                ["plan"] = Pick(DemoNames.Plans),
            },
            CreatedAt = created,
            UpdatedAt = created,
        };

        if (campaign.Status == CampaignStatus.Draft)
            return new DemoLead(lead, [], null);

        var history = new List<Activity>();
        FollowUp? followUp = campaign.Channel == Channel.Phone
            ? CallHistory(campaign, lead, history)
            : MessageHistory(lead, history);
        if (history.Count > 0)
        {
            lead.LastActivityAt = history[^1].OccurredAt;
            lead.UpdatedAt = history[^1].OccurredAt;
            lead.LastCallOutcome = history.LastOrDefault(a => a.Kind == ActivityKind.Call)?.CallOutcome;
        }
        lead.NextFollowUpAt = followUp?.DueAt;
        return new DemoLead(lead, history, followUp);
    }

    private FollowUp? CallHistory(Campaign campaign, Lead lead, List<Activity> history)
    {
        if (_random.Next(10) == 0)
            return null; // not reached yet

        // A quarter of the leads were first called in the last day and a half, so retries are still pending.
        var time = _random.Next(4) == 0
            ? _now.AddMinutes(-_random.Next(10, 60 * 36))
            : _now.AddDays(-_random.Next(1, HistoryDays)).Date.AddHours(9 + _random.Next(0, 8)).AddMinutes(_random.Next(60));
        int? attempt = null;
        while (true)
        {
            var outcome = PickOutcome();
            var call = Call(lead, time, outcome);
            if (attempt is not null)
            {
                call.Attempt = attempt;
                call.MaxAttempts = campaign.FollowUpRules.FirstOrDefault(r => r.Outcome == history[^1].CallOutcome)?.MaxAttempts;
            }
            history.Add(call);
            if (lead.Status == LeadStatus.New)
                lead.Status = LeadStatus.Contacted;

            if (outcome == CallOutcome.Answered)
            {
                var status = PickAnsweredStatus();
                history.Add(StatusChange(lead, NotAfterNow(time.AddSeconds(call.DurationSeconds ?? 0)), status));
                return null;
            }

            var rule = campaign.FollowUpRules.FirstOrDefault(r => r.Outcome == outcome);
            var done = attempt ?? 1;
            if (rule is null || done >= rule.MaxAttempts)
            {
                if (rule is not null)
                    history.Add(StatusChange(lead, time.AddMinutes(1), LeadStatus.Unreachable));
                return null;
            }

            var due = time + rule.Delay;
            if (due > _now)
            {
                return new FollowUp
                {
                    LeadId = lead.Id,
                    CampaignId = lead.CampaignId,
                    DueAt = due,
                    Attempt = done + 1,
                    MaxAttempts = rule.MaxAttempts,
                    Channel = rule.Channel,
                    TriggerOutcome = outcome,
                    State = FollowUpState.Scheduled,
                    CreatedAt = time,
                };
            }
            attempt = done + 1;
            time = NotAfterNow(due.AddMinutes(_random.Next(0, 20)));
        }
    }

    private FollowUp? MessageHistory(Lead lead, List<Activity> history)
    {
        if (_random.Next(8) == 0)
            return null;

        var time = _random.Next(4) == 0
            ? _now.AddMinutes(-_random.Next(10, 60 * 36))
            : _now.AddDays(-_random.Next(1, HistoryDays)).Date.AddHours(10 + _random.Next(0, 8)).AddMinutes(_random.Next(60));
        var firstName = lead.Name.Split(' ')[0];
        var state = _random.Next(10) switch { 0 => DeliveryState.Failed, < 3 => DeliveryState.Delivered, _ => DeliveryState.Read };
        history.Add(Message(lead, time, Direction.Outbound, state,
            $"Hi {firstName}, it's Ava from {lead.Fields["company"]}'s account team. Is now still a good time to talk about your {lead.Fields["plan"]} plan renewal?"));
        lead.Status = LeadStatus.Contacted;
        if (state != DeliveryState.Read || _random.Next(2) == 0)
            return null;

        var (reply, status) = Pick(MessageReplies);
        time = NotAfterNow(time.AddMinutes(_random.Next(2, 240)));
        history.Add(Message(lead, time, Direction.Inbound, DeliveryState.Replied, reply));
        history.Add(Message(lead, time.AddSeconds(20), Direction.Outbound, DeliveryState.Read,
            status == LeadStatus.Qualified ? "Great! I've booked a call with a specialist. You'll get an invite shortly." : "Understood, thank you for letting us know."));
        history.Add(StatusChange(lead, time.AddSeconds(21), status));
        return null;
    }

    private static readonly (string Reply, LeadStatus Status)[] MessageReplies =
    [
        ("Yes, please send me the details 👍", LeadStatus.Qualified),
        ("Can you call me tomorrow afternoon?", LeadStatus.Callback),
        ("No thanks, we've moved to another provider.", LeadStatus.NotInterested),
        ("Please stop messaging me.", LeadStatus.DoNotCall),
    ];

    private Activity Call(Lead lead, DateTime time, CallOutcome outcome)
    {
        var call = new Activity
        {
            LeadId = lead.Id,
            CampaignId = lead.CampaignId,
            Kind = ActivityKind.Call,
            OccurredAt = time,
            Direction = Direction.Outbound,
            Channel = Channel.Phone,
            CallOutcome = outcome,
            DurationSeconds = outcome switch
            {
                CallOutcome.Answered => _random.Next(40, 400),
                CallOutcome.Voicemail => _random.Next(15, 40),
                CallOutcome.Hangup => _random.Next(3, 15),
                _ => 0,
            },
        };
        if (outcome == CallOutcome.Answered)
        {
            var first = lead.Name.Split(' ')[0];
            var company = lead.Fields["company"];
            var budget = $"{_random.Next(2, 50)}k";
            var day = Pick(Weekdays);
            call.Summary = $"Spoke with {first} about {company}'s renewal. Budget around {budget}; prefers a follow-up on {day}.";
            // Turns spread over the call, so the recording and the transcript line up.
            var duration = call.DurationSeconds!.Value;
            string[] lines =
            [
                $"agent|Hi, is this {first}?",
                "lead|Yes, speaking. Who's calling?",
                $"agent|This is Ava, calling about {company}'s plan renewal. Do you have two minutes?",
                $"lead|Sure. We're reviewing budgets, probably around {budget} this year.",
                $"agent|That helps. Would {day} work for a call with a specialist?",
                $"lead|{day} works, afternoons are best.",
                "agent|Perfect, I'll set that up. Thanks for your time!",
            ];
            var offsets = DemoRecording.EvenTurns(duration, lines.Length);
            call.Transcript = lines.Select((line, i) => new TranscriptTurn(line.Split('|')[0], line.Split('|')[1], offsets[i])).ToList();
            call.Extracted = new Dictionary<string, string> { ["budget"] = budget, ["callback_day"] = day, ["decision_maker"] = _random.Next(2) == 0 ? "yes" : "no" };
            call.RecordingUrl = DemoRecording.Url(duration, ++_recording);
        }
        return call;
    }

    private static Activity Message(Lead lead, DateTime time, Direction direction, DeliveryState state, string body) => new()
    {
        LeadId = lead.Id,
        CampaignId = lead.CampaignId,
        Kind = ActivityKind.Message,
        OccurredAt = time,
        Direction = direction,
        Channel = Channel.WhatsApp,
        DeliveryState = state,
        Body = body,
    };

    private static Activity StatusChange(Lead lead, DateTime time, LeadStatus to)
    {
        var change = new Activity
        {
            LeadId = lead.Id,
            CampaignId = lead.CampaignId,
            Kind = ActivityKind.StatusChange,
            OccurredAt = time,
            StatusFrom = lead.Status,
            StatusTo = to,
            Actor = "AI agent",
        };
        lead.Status = to;
        return change;
    }

    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

    private CallOutcome PickOutcome() => _random.Next(100) switch
    {
        < 35 => CallOutcome.Answered,
        < 65 => CallOutcome.NoAnswer,
        < 85 => CallOutcome.Voicemail,
        < 92 => CallOutcome.Busy,
        < 97 => CallOutcome.Hangup,
        _ => CallOutcome.Failed,
    };

    private LeadStatus PickAnsweredStatus() => _random.Next(100) switch
    {
        < 30 => LeadStatus.Qualified,
        < 60 => LeadStatus.Callback,
        < 90 => LeadStatus.NotInterested,
        _ => LeadStatus.DoNotCall,
    };

    /// <summary>
    /// Walks a per-region counter through a bijection of the last six digits of the region's example mobile number,
    /// so numbers never repeat; candidates libphonenumber rejects are skipped.
    /// </summary>
    private string NextPhoneNumber(string region)
    {
        var example = PhoneUtil.GetExampleNumberForType(region, PhoneNumberType.MOBILE);
        var national = example.NationalNumber.ToString(CultureInfo.InvariantCulture);
        var prefix = national[..^6];
        _numberCounters.TryGetValue(region, out var counter);
        while (true)
        {
            var suffix = (counter++ * 7919 + 104_729) % 1_000_000;
            var candidate = PhoneUtil.Parse($"+{example.CountryCode}{prefix}{suffix:000000}", null);
            if (PhoneUtil.IsValidNumber(candidate))
            {
                _numberCounters[region] = counter;
                return PhoneUtil.Format(candidate, PhoneNumberFormat.E164);
            }
        }
    }

    private DateTime NotAfterNow(DateTime time) => time < _now ? time : _now;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Ascii(string text)
    {
        var normalized = text.Normalize(System.Text.NormalizationForm.FormD);
        return new string(normalized.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
    }
}
