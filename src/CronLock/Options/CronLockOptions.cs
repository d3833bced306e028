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

    /// <summary>CRONLOCK_PERIOD / CRONLOCK_SCHEDULE: run at most once per slot; null = no slot rule (golock).</summary>
    public SlotRule? Slot { get; init; }

    public required bool Verbose { get; init; }

    /// <summary>CRONLOCK_LOG_FORMAT: text (default) or JSON lines on stderr.</summary>
    public LogFormat LogFormat { get; init; }

    /// <summary>CRONLOCK_HISTORY: how many finished runs the history list in Redis keeps; 0 = none.</summary>
    public int HistorySize { get; init; } = 20;

    /// <summary>CRONLOCK_METRICS_DIR: where the job's textfile-collector file is written after each run; null = none.</summary>
    public string? MetricsDirectory { get; init; }

    /// <summary>CRONLOCK_QUIET: the job's output is held back and shown only when the run fails (cronic).</summary>
    public bool Quiet { get; init; }

    /// <summary>
    /// The job's stdout and stderr go through cronlock (pipes) because something needs them; otherwise the
    /// job inherits cronlock's descriptors. The one place that decides: every sink that reads the output
    /// (quiet mode, a ping's body) is ORed in here.
    /// </summary>
    public bool CaptureOutput => Quiet || PingUrl is not null;
    public required RunMode Mode { get; init; }

    /// <summary>--unlock: the holder token --acquire printed.</summary>
    public string? UnlockToken { get; init; }

    /// <summary>CRONLOCK_REASON: stored with the holder, shown by --status.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>--pause / --resume --all: the pause of everything under the prefix, not one job's.</summary>
    public bool PauseAll { get; init; }

    /// <summary>--pause --for: seconds the pause lasts; zero = until --resume.</summary>
    public int PauseSeconds { get; init; }

    /// <summary>--json: --status and --list print JSON instead of text.</summary>
    public bool Json { get; init; }

    /// <summary>The job: program and arguments, untouched. Empty only for a reset with CRONLOCK_KEY.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The job's argv as the bytes cronlock was given: what the key hashes and the job receives.</summary>
    public required IReadOnlyList<byte[]> CommandBytes { get; init; }

    /// <summary>CRONLOCK_PING_URL: the Healthchecks check this run pings; null = no pings.</summary>
    public Uri? PingUrl { get; init; }

    /// <summary>CRONLOCK_PING_HELD=log: a run that finds the lock held pings &lt;url&gt;/log.</summary>
    public bool PingHeld { get; init; }

    /// <summary>CRONLOCK_PING_TIMEOUT: the most one ping or webhook request may take.</summary>
    public int PingTimeoutSeconds { get; init; } = 5;

    /// <summary>CRONLOCK_WEBHOOK_URL: where the run record is posted as JSON; null = nowhere.</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>Every secret of this run: the Redis passwords and the reporting URLs (they hold the checks' keys).</summary>
    public IReadOnlyList<string?> Secrets => [.. Redis.Secrets, PingUrl?.OriginalString, WebhookUrl?.OriginalString];

    public string CommandLine => Options.LockKey.CommandLine(Command);
}
