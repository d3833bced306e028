namespace CronLock.Core;

/// <summary>Who holds a lock, as recorded beside it by CronLock (CLI or library).</summary>
/// <param name="HolderId">Unique per holder: host, pid and a random part.</param>
/// <param name="Host">The holder's host name.</param>
/// <param name="Pid">The holder's process id.</param>
/// <param name="Started">When the lock was taken (Redis server clock).</param>
/// <param name="Description">The command line or description given when it was taken.</param>
/// <param name="Reason">Why it was taken, if given.</param>
/// <param name="FencingToken">The holder's fencing token.</param>
public sealed record LockHolderInfo(string HolderId, string Host, int Pid, DateTimeOffset Started, string Description, string Reason, long FencingToken)
{
    /// <summary>
    /// When the holder's job ended, once the lock is only kept for the CLI's GRACE period after it
    /// (Redis server clock); null while the job runs, and always for a library holder.
    /// </summary>
    public DateTimeOffset? Finished { get; init; }
}
