using CronLock.Core.Timing;

namespace CronLock.Modes;

/// <summary>
/// CRONLOCK_SPLAY: a random pause before a run or --acquire first contacts Redis, so a fleet
/// whose crontabs fire in the same second reaches Redis spread out. It comes before the connect
/// (the first contact) and before the clocks of WAIT and TIMEOUT start, so neither is shortened.
/// </summary>
internal static class Splay
{
    /// <summary>How long this run pauses: uniform over 0…SPLAY seconds, to the millisecond.</summary>
    public static TimeSpan Draw(int splaySeconds, Random random) =>
        splaySeconds > 0 ? TimeSpan.FromMilliseconds(random.NextInt64(0, (splaySeconds * 1000L) + 1)) : TimeSpan.Zero;

    /// <returns>False when a signal came during the pause: nothing may start then.</returns>
    public static async Task<bool> WaitAsync(ModeContext context, CancellationToken stopping)
    {
        var splay = context.Options.SplaySeconds;
        if (splay <= 0)
        {
            return true;
        }

        var delay = Draw(splay, context.Random);
        context.Log.Debug("splay: waiting {Seconds:0.###}s (a random 0-{Splay}s, CRONLOCK_SPLAY) before contacting Redis", delay.TotalSeconds, splay);
        try
        {
            await LongDelay.DelayAsync(delay, context.Clock, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
