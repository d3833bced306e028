namespace CronLock.Options;

/// <summary>Every setting of one run, already validated. Durations are whole seconds, as in golock.</summary>
internal sealed record CronLockOptions
{
    /// <summary>Where Redis is and how to reach it.</summary>
    public required RedisTarget Redis { get; init; }

    public required int GraceSeconds { get; init; }
    public required int ReleaseSeconds { get; init; }

    /// <summary>CRONLOCK_PREFIX: what --list lists.</summary>
    public required string Prefix { get; init; }

    /// <summary>The full Redis key: prefix + (CRONLOCK_KEY or md5 of the command).</summary>
    public required string LockKey { get; init; }

    /// <summary>Zero means no timeout.</summary>
    public required int TimeoutSeconds { get; init; }

    /// <summary>The signal the timeout sends first: 9 (KILL, golock) or 15 (TERM, then KILL after KillAfterSeconds).</summary>
    public required int TimeoutSignal { get; init; }

    public required int KillAfterSeconds { get; init; }

    /// <summary>Zero: the key lives RELEASE seconds (golock). Else it lives this long and is renewed.</summary>
    public required int LeaseSeconds { get; init; }

    public required LostLockPolicy OnLost { get; init; }

    /// <summary>Seconds to wait for a held lock; zero = give up at once (golock).</summary>
    public required int WaitSeconds { get; init; }

    /// <summary>CRONLOCK_LIMIT: up to this many holders at once (a counting semaphore); 1 = the plain lock.</summary>
    public int Limit { get; init; } = 1;

    /// <summary>A run or --acquire first waits a random 0 to this many seconds; zero = at once (golock).</summary>
    public int SplaySeconds { get; init; }

    public required bool Verbose { get; init; }
    public required RunMode Mode { get; init; }

    /// <summary>--unlock: the holder token --acquire printed.</summary>
    public string? UnlockToken { get; init; }

    /// <summary>CRONLOCK_REASON: stored with the holder, shown by --status.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>--json: --status and --list print JSON instead of text.</summary>
    public bool Json { get; init; }

    /// <summary>The job: program and arguments, untouched. Empty only for a reset with CRONLOCK_KEY.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The job's argv as the bytes cronlock was given: what the key hashes and the job receives.</summary>
    public required IReadOnlyList<byte[]> CommandBytes { get; init; }

    public string CommandLine => Options.LockKey.CommandLine(Command);
}
