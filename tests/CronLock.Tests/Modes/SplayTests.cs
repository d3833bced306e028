using CronLock.Modes;
using Microsoft.Extensions.Time.Testing;

namespace CronLock.Tests.Modes;

public sealed class SplayTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Draw_StaysWithinZeroToSplay_AndSpreads()
    {
        var random = new Random(7);

        var draws = Enumerable.Range(0, 2000).Select(_ => Splay.Draw(10, random)).ToList();

        Assert.All(draws, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(10)));
        Assert.True(draws.Min() < TimeSpan.FromSeconds(1) && draws.Max() > TimeSpan.FromSeconds(9), "the draws should cover the range");
        Assert.Equal(TimeSpan.Zero, Splay.Draw(0, random));
    }

    [Fact]
    public async Task Wait_Off_ReturnsAtOnce()
    {
        var context = Contexts.For([], _clock);

        var waiting = Splay.WaitAsync(context, TestContext.Current.CancellationToken);

        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.True(await waiting);
    }

    [Fact]
    public async Task Wait_WaitsTheDrawnTime_ByTheClockGiven()
    {
        var context = Contexts.For(new() { ["CRONLOCK_SPLAY"] = "60" }, _clock);
        var expected = Splay.Draw(60, new Random(12345)); // Contexts seeds its Random with 12345
        var started = _clock.GetUtcNow();

        var waiting = Splay.WaitAsync(context, TestContext.Current.CancellationToken);
        _clock.Advance(expected - TimeSpan.FromMilliseconds(1));
        await Task.Yield();
        Assert.False(waiting.IsCompleted, "the splay ended before its drawn time");

        var done = await Contexts.AdvancingAsync(_clock, () => waiting, TimeSpan.FromMilliseconds(1));

        Assert.True(done);
        Assert.InRange(_clock.GetUtcNow() - started, expected, expected + TimeSpan.FromMilliseconds(2));
    }

    [Fact]
    public async Task Wait_SignalDuringTheSplay_EndsItAtOnce_ReportingStop()
    {
        var context = Contexts.For(new() { ["CRONLOCK_SPLAY"] = "86400" }, _clock);
        using var stopping = new CancellationTokenSource();

        var waiting = Splay.WaitAsync(context, stopping.Token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await stopping.CancelAsync();

        Assert.False(await waiting);
    }
}
