using LeadActivity.App.Components.Activity;

namespace LeadActivity.Tests.Components;

public sealed class LiveRenderGateTests
{
    [Fact]
    public async Task Screens_render_in_turns_never_more_at_once_than_the_gate_allows()
    {
        var gate = new LiveRenderGate(concurrency: 2);
        var (running, most) = (0, 0);
        var renders = Enumerable.Range(0, 50).Select(_ => gate.RunAsync(async () =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(2);
            Interlocked.Decrement(ref running);
        }));

        await Task.WhenAll(renders);

        Assert.Equal(2, most);
    }

    [Fact]
    public async Task A_turn_is_given_back_when_the_render_fails_or_its_holder_disposes_it()
    {
        var gate = new LiveRenderGate(concurrency: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync(() => throw new InvalidOperationException("render failed")));
        var turn = await gate.TurnAsync(RenderPriority.Events, CancellationToken.None);
        turn.Dispose();
        turn.Dispose(); // twice gives back once

        var next = gate.TurnAsync(RenderPriority.Events, CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully);
        var waiting = gate.TurnAsync(RenderPriority.Events, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        (await next).Dispose();
        (await waiting).Dispose();
    }

    [Fact]
    public async Task A_feeds_new_events_render_before_figures_pushed_to_every_dashboard()
    {
        var gate = new LiveRenderGate(concurrency: 1);
        var held = await gate.TurnAsync(RenderPriority.Events, CancellationToken.None);
        var figures = gate.TurnAsync(RenderPriority.Figures, CancellationToken.None);
        var events = gate.TurnAsync(RenderPriority.Events, CancellationToken.None);

        held.Dispose();

        (await events).Dispose(); // queued second, served first
        (await figures).Dispose();
    }

    [Fact]
    public async Task A_screen_that_stops_waiting_is_skipped_and_its_turn_goes_to_the_next()
    {
        var gate = new LiveRenderGate(concurrency: 1);
        var held = await gate.TurnAsync(RenderPriority.Events, CancellationToken.None);
        using var gone = new CancellationTokenSource();
        var cancelled = gate.TurnAsync(RenderPriority.Events, gone.Token);
        var next = gate.TurnAsync(RenderPriority.Figures, CancellationToken.None);

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();

        (await next).Dispose();
        (await gate.TurnAsync(RenderPriority.Events, CancellationToken.None)).Dispose(); // and the turn came back
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
