namespace CronLock.Core.Timing;

/// <summary>
/// Waits of any length. One .NET timer reaches at most 4294967294 ms (about 49.7 days): past that
/// Task.Delay and WaitAsync throw instead of waiting. CronLock's durations reach 10 years, so a
/// long wait is a chain of timers within that reach, each armed for what is left of the whole as
/// the clock measures it, so a late link shortens the next and lateness never adds up.
/// </summary>
internal static class LongDelay
{
    /// <summary>The longest one timer waits: <see cref="uint.MaxValue"/> - 1 milliseconds.</summary>
    public static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>Like <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>, for any non-negative delay.</summary>
    public static async Task DelayAsync(TimeSpan delay, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var started = clock.GetTimestamp();
        for (var left = delay; left > TimeSpan.Zero; left = delay - clock.GetElapsedTime(started))
        {
            await Task.Delay(Link(left), clock, cancellationToken);
        }
    }

    /// <summary>Like <see cref="Task.WaitAsync(TimeSpan, TimeProvider, CancellationToken)"/>, for any non-negative timeout.</summary>
    /// <exception cref="TimeoutException">The whole timeout passed before the task completed.</exception>
    public static async Task<T> WaitAsync<T>(Task<T> task, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var started = clock.GetTimestamp();
        while (true)
        {
            var left = timeout - clock.GetElapsedTime(started);
            try
            {
                return await task.WaitAsync(left > TimeSpan.Zero ? Link(left) : TimeSpan.Zero, clock, cancellationToken);
            }
            catch (TimeoutException) when (timeout - clock.GetElapsedTime(started) > TimeSpan.Zero)
            {
                // One link of the chain ran out; the whole timeout has not.
            }
        }
    }

    /// <summary>
    /// One timer's share of what is left: at most its reach, and in whole milliseconds rounded up,
    /// because a timer drops the fraction and a wait must never end early.
    /// </summary>
    private static TimeSpan Link(TimeSpan left) =>
        left >= MaxTimer ? MaxTimer : TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds));
}
