using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Campaigns;

namespace LeadActivity.Domain.Leads;

/// <summary>
/// One block of a lead's timeline as shown: a single entry, or a conversation — messages on one channel with nothing
/// else between them — in reading order, the oldest at its top.
/// </summary>
public sealed record TimelineBlock(IReadOnlyList<TimelineEntry> Entries)
{
    public bool IsConversation => Entries[0].Kind == ActivityKind.Message;

    public Channel? Channel => Entries[0].Channel;
}

public static class TimelineThreads
{
    /// <summary>
    /// The timeline stays newest first from block to block, but a chat reads top to bottom: each run of messages on
    /// one channel becomes one conversation, its messages oldest first. Anything else between two messages (a call,
    /// a status change, a note) ends the run.
    /// </summary>
    public static IReadOnlyList<TimelineBlock> Group(IReadOnlyList<TimelineEntry> newestFirst)
    {
        var blocks = new List<TimelineBlock>();
        var run = new List<TimelineEntry>();
        foreach (var entry in newestFirst)
        {
            if (entry.Kind == ActivityKind.Message && (run.Count == 0 || run[0].Channel == entry.Channel))
            {
                run.Add(entry);
                continue;
            }
            EndRun();
            if (entry.Kind == ActivityKind.Message)
                run.Add(entry);
            else
                blocks.Add(new TimelineBlock([entry]));
        }
        EndRun();
        return blocks;

        void EndRun()
        {
            if (run.Count == 0)
                return;
            run.Reverse();
            blocks.Add(new TimelineBlock(run.ToArray()));
            run.Clear();
        }
    }
}
