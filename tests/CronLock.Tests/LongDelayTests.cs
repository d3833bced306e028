using CronLock.Core.Timing;
using Microsoft.Extensions.Time.Testing;

namespace CronLock.Tests;

/// <summary>
/// One .NET timer waits at most 4294967294 ms (~49.7 days); Task.Delay and WaitAsync throw past that. LongDelay
/// chains timers so a 10-year CRONLOCK_TIMEOUT or LEASE is a wait, not an exception.
/// </summary>
public sealed class LongDelayTests
{
    private static readonly TimeSpan OneTimersReach = TimeSpan.FromMilliseconds(4294967294);

    public static TheoryData<string> Delays => new(
        "00:00:00.001",
        "1.00:00:00",
        "49.17:02:47.294", // exactly one timer's reach
        "49.17:02:47.295", // one millisecond past it
        "120.00:00:00",
        "3650.00:00:00"); // CRONLOCK_TIMEOUT's maximum, 315360000 s

    [Fact]
    public void Task_Delay_PastOneTimersReach_Throws_WhichIsWhyLongDelayExists()
    {
        var pastReach = OneTimersReach + TimeSpan.FromMilliseconds(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = Task.Delay(pastReach, new FakeTimeProvider(), TestContext.Current.CancellationToken); });
        Assert.Equal("49.17:02:47.2940000", OneTimersReach.ToString("c"));
    }

    [Theory]
    [MemberData(nameof(Delays))]
    public async Task DelayAsync_AnyLength_EndsWhenTheWholeDelayHasPassedAndNotBefore(string text)
    {
        var delay = TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider();

        var waiting = LongDelay.DelayAsync(delay, clock, TestContext.Current.CancellationToken);
        clock.Advance(delay - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted, $"The wait of {delay} ended a millisecond early, or failed: {waiting.Exception?.InnerException?.Message}");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DelayAsync_AdvancedLinkByLink_EndsOnlyAfterTheLastLink()
    {
        var delay = TimeSpan.FromDays(120);
        var clock = new FakeTimeProvider();

        var waiting = LongDelay.DelayAsync(delay, clock, TestContext.Current.CancellationToken);
        clock.Advance(OneTimersReach);
        Assert.False(waiting.IsCompleted, "The wait ended when its first timer fired.");
        clock.Advance(OneTimersReach);
        Assert.False(waiting.IsCompleted, "The wait ended when its second timer fired.");
        clock.Advance(delay - (2 * OneTimersReach));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DelayAsync_CancelledInALaterLink_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var clock = new FakeTimeProvider();

        var waiting = LongDelay.DelayAsync(TimeSpan.FromDays(3650), clock, cancellation.Token);
        clock.Advance(TimeSpan.FromDays(100));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DelayAsync_NegativeDelay_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LongDelay.DelayAsync(TimeSpan.FromSeconds(-1), new FakeTimeProvider(), CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_TimeoutPastOneTimersReach_TimesOutOnlyAtTheWholeTimeout()
    {
        var timeout = TimeSpan.FromDays(120);
        var clock = new FakeTimeProvider();
        var never = new TaskCompletionSource<int>();

        var waiting = LongDelay.WaitAsync(never.Task, timeout, clock, TestContext.Current.CancellationToken);
        clock.Advance(OneTimersReach + TimeSpan.FromDays(1));
        Assert.False(waiting.IsCompleted, $"The wait ended after one timer's reach: {waiting.Exception?.InnerException?.Message}");
        clock.Advance(timeout - OneTimersReach - TimeSpan.FromDays(1) - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted, "The wait ended before its whole timeout.");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitAsync_TaskCompletingInALaterLink_GivesItsResult()
    {
        var clock = new FakeTimeProvider();
        var renewal = new TaskCompletionSource<int>();

        var waiting = LongDelay.WaitAsync(renewal.Task, TimeSpan.FromDays(3650), clock, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromDays(200));
        renewal.SetResult(42);

        Assert.Equal(42, await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }
}
