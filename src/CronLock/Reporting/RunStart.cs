namespace CronLock.Reporting;

/// <summary>What is known when this host takes the lock, before the job starts.</summary>
/// <param name="FencingToken">The token the lock was taken with.</param>
/// <param name="At">When it was taken (this host's clock).</param>
internal sealed record RunStart(long FencingToken, DateTimeOffset At);
