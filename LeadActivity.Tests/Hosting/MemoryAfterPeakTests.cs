using LeadActivity.App.Hosting;

namespace LeadActivity.Tests.Hosting;

public sealed class MemoryAfterPeakTests
{
    [Theory]
    [InlineData(0, 300, true)]     // the launch is over
    [InlineData(150, 300, true)]   // half have left
    [InlineData(151, 300, false)]
    [InlineData(0, 49, false)]     // a few dashboards are not worth a pause
    [InlineData(0, 50, true)]
    [InlineData(300, 300, false)]
    public void It_gives_memory_back_only_after_a_real_drop(int open, int peak, bool giveBack) =>
        Assert.Equal(giveBack, MemoryAfterPeak.ShouldGiveBack(open, peak));

    [Fact]
    public void The_peak_is_the_most_circuits_open_since_the_last_look()
    {
        var circuits = new OpenCircuits();
        for (var i = 0; i < 120; i++)
            circuits.Opened();
        for (var i = 0; i < 100; i++)
            circuits.Closed();

        Assert.Equal((20, 120), circuits.TakePeak());
        Assert.Equal((20, 20), circuits.TakePeak()); // the next look starts from what is open now

        circuits.Opened();
        Assert.Equal((21, 21), circuits.TakePeak());
    }
}
