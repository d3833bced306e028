namespace CronLock.Reporting;

/// <summary>
/// What a run came to, as the sinks name it (metrics label <c>outcome</c>, history, webhook): the
/// few cases an operator alerts on, not every exit code.
/// </summary>
internal enum RunKind
{
    /// <summary>This host took the lock and the job ran (whatever its exit code).</summary>
    Ran,

    /// <summary>The lock was held elsewhere: nothing ran here.</summary>
    Held,

    /// <summary>CronLock failed (Redis, settings, TLS, could not start the job): exit 201 or the job's start failure.</summary>
    Error,

    /// <summary>The job ran past CRONLOCK_TIMEOUT and was killed (202).</summary>
    Timeout,

    /// <summary>The lock was lost while the job ran and the job was stopped (203).</summary>
    Lost,
}
