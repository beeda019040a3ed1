using LeadActivity.Domain.Activities;

namespace LeadActivity.Tests.Activities;

public sealed class LiveFeedTests
{
    private static ActivityEvent Event(long id, int campaign = 1) => new(id, DateTime.UtcNow, ActivityKind.Call, 1, "Ana", campaign, "Spring",
        Direction.Outbound, Domain.Campaigns.Channel.Phone, CallOutcome.NoAnswer, null, 0, null, null, null);

    private static long[] Shown(LiveFeed feed) => [.. feed.Events.Select(e => e.Id)];

    private static LiveFeed Loaded(params long[] newestFirst)
    {
        var feed = new LiveFeed(shown: 5);
        feed.BeginLoad(null);
        feed.Load([.. newestFirst.Select(id => Event(id))], newestFirst.FirstOrDefault());
        return feed;
    }

    [Fact]
    public void New_events_go_on_top_newest_first_whatever_order_a_burst_holds_them_in()
    {
        var feed = Loaded(2, 1);

        feed.Apply([Event(4), Event(3)]);

        Assert.Equal([4, 3, 2, 1], Shown(feed));
        Assert.Equal(4, feed.LastId);
    }

    [Fact]
    public void An_event_seen_twice_is_shown_once()
    {
        var feed = Loaded(2, 1);

        feed.Apply([Event(3)]);
        feed.Apply([Event(3), Event(2)]);

        Assert.Equal([3, 2, 1], Shown(feed));
    }

    [Fact]
    public void A_late_event_takes_its_place_among_newer_ones()
    {
        var feed = Loaded(1);

        feed.Apply([Event(3)]);
        feed.Apply([Event(2)]); // its publish between app servers stalled

        Assert.Equal([3, 2, 1], Shown(feed));
    }

    [Fact]
    public void It_keeps_only_what_it_shows()
    {
        var feed = Loaded(2, 1);

        feed.Apply([.. Enumerable.Range(3, 10).Select(id => Event(id))]);

        Assert.Equal([12, 11, 10, 9, 8], Shown(feed));
    }

    [Fact]
    public void A_late_event_older_than_a_full_list_is_not_kept()
    {
        var feed = Loaded(10, 9, 8, 7, 6);

        feed.Apply([Event(3)]);

        Assert.Equal([10, 9, 8, 7, 6], Shown(feed));
    }

    [Fact]
    public void While_paused_new_events_are_held_and_counted_then_shown_on_resume()
    {
        var feed = Loaded(1);
        feed.Pause();

        feed.Apply([Event(2), Event(3)]);

        Assert.Equal([1], Shown(feed));
        Assert.Equal(2, feed.HeldCount);
        feed.Resume();
        Assert.Equal([3, 2, 1], Shown(feed));
        Assert.Equal(0, feed.HeldCount);
    }

    [Fact]
    public void Held_events_wait_until_the_reader_is_back_at_the_top_and_not_paused()
    {
        var feed = Loaded(1);
        feed.ScrolledAway(true);
        feed.Pause();
        feed.Apply([Event(2)]);

        feed.ScrolledAway(false);
        Assert.Equal([1], Shown(feed)); // still paused
        feed.Resume();

        Assert.Equal([2, 1], Shown(feed));
    }

    [Fact]
    public void The_held_count_says_how_many_arrived_though_it_keeps_only_a_screenful()
    {
        var feed = Loaded(1);
        feed.Pause();

        feed.Apply([.. Enumerable.Range(2, 20).Select(id => Event(id))]);

        Assert.Equal(20, feed.HeldCount);
        feed.ShowHeld();
        Assert.Equal([21, 20, 19, 18, 17], Shown(feed));
        Assert.False(feed.Holding);
    }

    [Fact]
    public void Events_of_other_campaigns_are_not_shown_but_move_the_last_id()
    {
        var feed = new LiveFeed(shown: 5);
        feed.BeginLoad(campaignId: 1);
        feed.Load([Event(1)], newestId: 1);

        feed.Apply([Event(2, campaign: 2), Event(3)]);

        Assert.Equal([3, 1], Shown(feed));
        Assert.Equal(3, feed.LastId);
    }

    [Fact]
    public void Events_that_arrive_during_a_load_are_laid_over_the_snapshot_once()
    {
        var feed = new LiveFeed(shown: 5);
        feed.BeginLoad(null);
        feed.Apply([Event(3), Event(4)]); // 3 is in the snapshot too; 4 committed after it was read

        feed.Load([Event(3), Event(2)], newestId: 3);

        Assert.Equal([4, 3, 2], Shown(feed));
        Assert.False(feed.Loading);
    }

    [Fact]
    public void A_filtered_snapshot_with_no_events_still_starts_after_the_organizations_newest_id()
    {
        var feed = new LiveFeed(shown: 5);
        feed.BeginLoad(campaignId: 7);

        feed.Load([], newestId: 40);

        Assert.Equal(40, feed.LastId);
    }

    [Fact]
    public async Task Catching_up_reads_what_came_after_the_last_id_then_what_was_queued_that_it_did_not_return()
    {
        var feed = Loaded(1);
        var stored = Enumerable.Range(2, 3).Select(id => Event(id)).ToList();

        var missed = await feed.CatchUpAsync([Event(4), Event(5)],
            (after, take, _) => Task.FromResult<IReadOnlyList<ActivityEvent>>([.. stored.Where(e => e.Id > after).Take(take)]),
            (_, _, _) => throw new InvalidOperationException("three missed events fit the feed: no need for the newest"));

        Assert.Equal([2, 3, 4, 5], missed.Select(e => e.Id));
        feed.Apply(missed);
        Assert.Equal([5, 4, 3, 2, 1], Shown(feed));
    }

    [Fact]
    public async Task A_feed_that_fell_far_behind_reads_only_the_newest_it_shows()
    {
        var feed = Loaded(1);
        var stored = Enumerable.Range(2, 2_500).Select(id => Event(id)).ToList();
        var read = 0;

        var missed = await feed.CatchUpAsync([Event(2_501), Event(2_502)],
            (after, take, _) =>
            {
                var page = stored.Where(e => e.Id > after).Take(take).ToList();
                read += page.Count;
                return Task.FromResult<IReadOnlyList<ActivityEvent>>(page);
            },
            (take, _, _) =>
            {
                var newest = stored.OrderByDescending(e => e.Id).Take(take).ToList();
                read += newest.Count;
                return Task.FromResult<IReadOnlyList<ActivityEvent>>(newest);
            });

        Assert.Equal(11, read); // one more than the feed shows, to know it fell behind further, then the five newest
        feed.Apply(missed);
        Assert.Equal([2_502, 2_501, 2_500, 2_499, 2_498], Shown(feed));
    }

    [Fact]
    public void Its_version_moves_exactly_when_the_shown_rows_change_so_a_screen_renders_only_then()
    {
        var feed = new LiveFeed(shown: 5);
        feed.BeginLoad(1);
        feed.Load([Event(20), Event(10)], 20);
        var version = feed.Version;

        feed.Apply([Event(21, campaign: 2), Event(20)]); // another campaign's, and one already shown
        Assert.Equal(version, feed.Version);

        feed.Apply([Event(22)]);
        Assert.NotEqual(version, version = feed.Version);

        feed.Pause();
        feed.Apply([Event(23)]); // held, counted, not shown
        Assert.Equal(version, feed.Version);

        feed.Resume();
        Assert.NotEqual(version, version = feed.Version);

        feed.Apply([Event(15)]); // late, placed among the shown
        Assert.NotEqual(version, feed.Version);
        Assert.Equal([23, 22, 20, 15, 10], Shown(feed));
    }
}
