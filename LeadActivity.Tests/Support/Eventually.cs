namespace LeadActivity.Tests.Support;

/// <summary>Waiting on what a background loop does (figures pushed, a subscription dropped), with a deadline.</summary>
public static class Eventually
{
    public static Task Until(Func<bool> condition, string what) => Until(condition, () => what);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails saying <paramref name="what"/> after 15 s.</summary>
    public static async Task Until(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what()}");
            await Task.Delay(20);
        }
    }
}

/// <summary>A watcher of pushed figures that keeps the latest it was shown (as a screen does), safe across threads.</summary>
public sealed class LatestView<T> where T : class
{
    private T? _latest;

    public T? Latest => Volatile.Read(ref _latest);

    public void Show(T view) => Volatile.Write(ref _latest, view);
}
