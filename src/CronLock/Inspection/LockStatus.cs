namespace CronLock.Inspection;

/// <summary>What <c>--status</c> and <c>--list</c> report about one lock.</summary>
internal sealed record LockStatus
{
    /// <summary>The lock key.</summary>
    public required string Key { get; init; }

    /// <summary>
    /// <c>free</c>, <c>held</c> (by a CronLock run), <c>foreign</c> (golock, bash cronlock, anything else) or
    /// <c>not_a_lock</c> (the key is a hash, a list…: some application's data; see <see cref="KeyType"/>).
    /// </summary>
    public required string State { get; init; }

    /// <summary>The Redis type of a key that is not a lock (<c>hash</c>, <c>list</c>, <c>set</c>…); null for a lock.</summary>
    public string? KeyType { get; init; }

    /// <summary>When the lock ends at most (the key's value), when it is a time.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Seconds until Redis drops the key; -1 when it has no TTL.</summary>
    public long? TtlSeconds { get; init; }

    /// <summary>The holder; under a limit (CRONLOCK_LIMIT), the one with the oldest fencing token.</summary>
    public LockHolder? Holder { get; init; }

    /// <summary>Under a limit (CRONLOCK_LIMIT): every holder, oldest fencing token first; null for a plain lock.</summary>
    public IReadOnlyList<LockHolder>? Holders { get; init; }

    /// <summary>Under a limit: the limit the newest holder took its place under; null for a plain lock.</summary>
    public int? Limit { get; init; }

    public LastRun? LastRun { get; init; }

    /// <summary>The last fencing token handed out for this lock.</summary>
    public long? FencingToken { get; init; }

    /// <summary>With a slot rule (CRONLOCK_PERIOD / CRONLOCK_SCHEDULE): the last slot run and any overrun; null when none is recorded.</summary>
    public SlotRecord? Slot { get; init; }

    /// <summary>
    /// The pause that makes a run of this job exit 200: its own (--pause), else the one of everything
    /// under the prefix (--pause --all, <see cref="PauseInfo.All"/>); null when it is not paused.
    /// </summary>
    public PauseInfo? Paused { get; init; }
}
