namespace CronLock.IntegrationTests.Infrastructure;

internal static class UnixTime
{
    /// <summary>Now in whole UTC seconds, rounded down: a lower bound for anything cronlock computes after this.</summary>
    public static long Floor => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Now rounded up: an upper bound for anything cronlock computed before this.</summary>
    public static long Ceiling => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 999) / 1000;
}
