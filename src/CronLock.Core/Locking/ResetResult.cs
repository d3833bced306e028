namespace CronLock.Core.Locking;

/// <summary>What deleting a lock whoever holds it (CRONLOCK_RESET) found.</summary>
internal abstract record ResetResult
{
    /// <summary>A lock was there and is gone, with its holder record.</summary>
    public sealed record Deleted : ResetResult;

    /// <summary>No lock was there: nothing was deleted.</summary>
    public sealed record NothingToReset : ResetResult;

    /// <summary>The key is no string (a hash, a list: some application's data, never a lock) and was left alone.</summary>
    public sealed record NotALock(string Type) : ResetResult;

    /// <summary>Redis could not be asked.</summary>
    public sealed record Failed(string Error) : ResetResult;
}
