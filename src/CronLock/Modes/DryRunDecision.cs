using CronLock.Inspection;
using CronLock.Logging;
using CronLock.Options;

namespace CronLock.Modes;

/// <summary>
/// Pure: what a real run would do with the lock as it reads now, by the acquire script's rule (a
/// value that is a time still to come holds it, any other value holds it for ever, a past time is
/// taken over), and the settings that shape the run.
/// </summary>
internal static class DryRunDecision
{
    /// <param name="serverNow">Redis's clock at the read (unix seconds): the acquire compares with it, not this host's.</param>
    public static (DryRunVerdict Verdict, string Action) Decide(LockStatus status, long serverNow, CronLockOptions options)
    {
        // The acquire looks at the pauses before the lock.
        if (status.Paused is { } pause)
        {
            return (DryRunVerdict.Paused, $"a run would exit 200 and run nothing: {StatusText.Pause(pause)}");
        }

        if (status.State == "not_a_lock")
        {
            return (DryRunVerdict.Error, "a run would stop with an error and run nothing: the key holds other data (choose another CRONLOCK_KEY or CRONLOCK_PREFIX)");
        }

        if (status.Holders is { } holders && options.Limit > 1)
        {
            return Limited(holders.Count, options);
        }

        if (status.State == "free")
        {
            return (DryRunVerdict.Run, $"a run would take it, {RunAndLeave(options)}");
        }

        if (status.ExpiresAt is { } expires && expires.ToUnixTimeSeconds() < serverNow)
        {
            return (DryRunVerdict.Run, $"its time has passed, so a run would take it over, {RunAndLeave(options)}");
        }

        if (status.ExpiresAt is null)
        {
            return (DryRunVerdict.Held, "a run would exit 200 and run nothing until the key is deleted (CRONLOCK_RESET=yes)");
        }

        return (DryRunVerdict.Held, options.WaitSeconds > 0
            ? $"a run would wait up to {options.WaitSeconds}s (CRONLOCK_WAIT) for it, run the job if it frees, else exit 200 and run nothing"
            : "a run would exit 200 and run nothing");
    }

    /// <summary>Under a limit, a run compares the holders that count with its own CRONLOCK_LIMIT.</summary>
    private static (DryRunVerdict Verdict, string Action) Limited(int held, CronLockOptions options)
    {
        var count = $"{held} of {options.Limit} held (CRONLOCK_LIMIT)";
        if (held < options.Limit)
        {
            return (DryRunVerdict.Run, $"{count}, so a run would take a place, {RunAndLeave(options)}");
        }

        return (DryRunVerdict.OverLimit, options.WaitSeconds > 0
            ? $"over the limit ({count}): a run would wait up to {options.WaitSeconds}s (CRONLOCK_WAIT) for a place, run the job if one frees, else exit 200 and run nothing"
            : $"over the limit ({count}): a run would exit 200 and run nothing");
    }

    /// <summary>The rest of a run that takes the lock: the job, its limits, and what becomes of the lock.</summary>
    private static string RunAndLeave(CronLockOptions options)
    {
        var ttl = options.LeaseSeconds > 0
            ? $"for {options.LeaseSeconds}s renewed while the job runs (CRONLOCK_LEASE)"
            : $"for at most {options.ReleaseSeconds}s (CRONLOCK_RELEASE)";
        var replicas = options.Redis.MinReplicas > 0 ? $", once {options.Redis.MinReplicas} replica(s) confirm it (CRONLOCK_MIN_REPLICAS)" : "";
        var timeout = options.TimeoutSeconds > 0 ? $", stopped after {options.TimeoutSeconds}s (CRONLOCK_TIMEOUT)" : "";
        return $"{ttl}{replicas}, run {ControlCharacters.Escape(options.CommandLine)}{timeout}, "
            + $"keep the lock until at least {options.GraceSeconds}s after the start (CRONLOCK_GRACE) and exit with the job's code";
    }
}
