using System.Globalization;
using CronLock.Inspection;
using CronLock.Locking;
using CronLock.Logging;
using CronLock.Options;
using CronLock.Running;
using Serilog;
using StackExchange.Redis;

namespace CronLock;

/// <summary>
/// One invocation: connect, then run the job under the lock, reset it, or report on it. Connects
/// the lock side and the process side, which know nothing of each other.
/// </summary>
internal sealed class LockedRun(CronLockOptions options, ILogger log, TextWriter output)
{
    private readonly SecretRedactor redactor = new(options.Redis.Password, options.Redis.SentinelPassword);

    public async Task<RunOutcome> RunAsync()
    {
        using var signals = new SignalRelay();
        log.Debug("lock key {Key}", options.LockKey);

        ConnectResult connection;
        try
        {
            connection = await new RedisConnector(options.Redis, log, redactor).ConnectAsync(signals.Stopping);
        }
        catch (OperationCanceledException)
        {
            return Interrupted(signals);
        }

        if (connection.Connection is not { } redis)
        {
            return new RunOutcome.Failed(connection.Error!);
        }

        var holder = Holder.ForThisProcess(options.CommandLine, Random.Shared);
        var redisLock = new RedisLock(redis.GetDatabase(options.Redis.Database), new LockKeys(options.LockKey), holder, redactor);
        try
        {
            return options.Mode switch
            {
                RunMode.Reset => await ResetAsync(redisLock),
                RunMode.Status => await ReportStatusAsync(redis),
                RunMode.List => await ListAsync(redis),
                _ => await RunLockedAsync(redisLock, signals),
            };
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new RunOutcome.Failed($"Redis: {redactor.FirstLine(e.Message)}");
        }
    }

    private async Task<RunOutcome> ResetAsync(RedisLock redisLock)
    {
        if (await redisLock.ResetAsync() is { } error)
        {
            return new RunOutcome.Failed(error);
        }

        log.Debug("reset: deleted {Key}", options.LockKey);
        return new RunOutcome.ResetDone();
    }

    private async Task<RunOutcome> ReportStatusAsync(IConnectionMultiplexer redis)
    {
        var status = await new LockInspector(redis, options.Redis.Database).StatusAsync(options.LockKey);
        await output.WriteLineAsync(options.Json
            ? System.Text.Json.JsonSerializer.Serialize(status, StatusJsonContext.Default.LockStatus)
            : StatusText.Format(status));
        return new RunOutcome.Reported(status.State == "free" ? ExitCodes.StatusFree : ExitCodes.StatusHeld);
    }

    private async Task<RunOutcome> ListAsync(IConnectionMultiplexer redis)
    {
        // One line per lock (JSON lines with --json), written as found: memory stays bounded.
        await foreach (var status in new LockInspector(redis, options.Redis.Database).ListAsync(options.Prefix))
        {
            await output.WriteLineAsync(options.Json
                ? System.Text.Json.JsonSerializer.Serialize(status, StatusJsonContext.Default.LockStatus)
                : StatusText.FormatLine(status));
        }

        return new RunOutcome.Reported(ExitCodes.Success);
    }

    private async Task<RunOutcome> RunLockedAsync(RedisLock redisLock, SignalRelay signals)
    {
        var ttl = options.LeaseSeconds > 0 ? options.LeaseSeconds : options.ReleaseSeconds;
        var waitUntil = TimeProvider.System.GetTimestamp() + (long)(options.WaitSeconds * (double)TimeProvider.System.TimestampFrequency);
        var poll = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            switch (await redisLock.TryAcquireAsync(ttl))
            {
                case AcquireResult.Failed failed:
                    return new RunOutcome.Failed(failed.Error);
                case AcquireResult.Acquired acquired:
                    log.Debug(acquired.TookOverStale ? "took over stale lock {Key}, fencing token {Token}" : "acquired lock {Key}, fencing token {Token}",
                        options.LockKey, acquired.Lease.FencingToken);
                    if (await ReplicasMissingAsync(redisLock) is { } missing)
                    {
                        await redisLock.LeaveAsync(options.GraceSeconds, exitCode: null);
                        return new RunOutcome.Failed(missing);
                    }

                    return await RunJobAsync(redisLock, acquired.Lease, signals);
                case AcquireResult.HeldElsewhere held:
                    LogHeld(held);
                    var left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), waitUntil);
                    if (left <= TimeSpan.Zero)
                    {
                        return new RunOutcome.NotAcquired();
                    }

                    // Jittered, growing polls: many waiting hosts neither spin nor wake in step.
                    var delay = TimeSpan.FromTicks(Math.Min(left.Ticks, (long)(poll.Ticks * (0.8 + (Random.Shared.NextDouble() * 0.4)))));
                    try
                    {
                        await Task.Delay(delay, signals.Stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        return Interrupted(signals);
                    }

                    poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
                    break;
            }
        }
    }

    /// <summary>
    /// CRONLOCK_MIN_REPLICAS: a lock only the master knows can be handed to a second host by a
    /// failover. Null when enough replicas confirmed it, else why not.
    /// </summary>
    private async Task<string?> ReplicasMissingAsync(RedisLock redisLock)
    {
        if (options.Redis.MinReplicas == 0)
        {
            return null;
        }

        var confirmed = await redisLock.ReplicasConfirmingAsync(options.Redis.MinReplicas, TimeSpan.FromSeconds(options.Redis.TimeoutSeconds));
        log.Debug("{Confirmed} replica(s) confirmed the lock", confirmed);
        return confirmed >= options.Redis.MinReplicas
            ? null
            : $"only {confirmed} of {options.Redis.MinReplicas} replicas (CRONLOCK_MIN_REPLICAS) confirmed the lock within {options.Redis.TimeoutSeconds}s: gave it back, job not started";
    }

    private async Task<RunOutcome> RunJobAsync(RedisLock redisLock, LockLease lease, SignalRelay signals)
    {
        using var lost = new CancellationTokenSource();
        using var jobDone = new CancellationTokenSource();
        var keeper = options.LeaseSeconds > 0
            ? new LeaseKeeper(redisLock, options.LeaseSeconds, options.ReleaseSeconds, log, TimeProvider.System).KeepAsync(lost, jobDone.Token)
            : Task.CompletedTask;
        var environment = JobEnvironment(lease);
        var rules = new StopRules(options.TimeoutSeconds, options.TimeoutSignal, options.KillAfterSeconds, options.OnLost == LostLockPolicy.Kill);

        ChildOutcome? child = null;
        try
        {
            child = await new ChildRunner(log).RunAsync(options.Command, environment, rules, signals, lost.Token);
        }
        finally
        {
            await jobDone.CancelAsync();
            await keeper;

            // No job started (a signal came first): give the lock back. Otherwise keep it for GRACE.
            LogLeave(await redisLock.LeaveAsync(options.GraceSeconds, child is null ? null : new RunOutcome.JobFinished(child).ExitCode));
        }

        switch (child)
        {
            case null:
                return Interrupted(signals);
            case ChildOutcome.NotStarted notStarted:
                log.Error("{Reason}", notStarted.Reason);
                break;
            case ChildOutcome.Exited exited:
                log.Debug("job exited with code {Code}", exited.Code);
                break;
            case ChildOutcome.Signaled signaled:
                log.Debug("job was killed by signal {Signal}", signaled.Signal);
                break;
        }

        return new RunOutcome.JobFinished(child);
    }

    /// <summary>
    /// The lock key and fencing token for the job; the Redis passwords withheld, and any other
    /// CRONLOCK_ variable that holds one (a URL with its password).
    /// </summary>
    private Dictionary<string, string?> JobEnvironment(LockLease lease)
    {
        var changes = new Dictionary<string, string?>
        {
            [Settings.Auth.EnvVar] = null,
            [Settings.SentinelAuth.EnvVar] = null,
        };
        foreach (var setting in Settings.All)
        {
            if (Environment.GetEnvironmentVariable(setting.EnvVar) is { } value && redactor.Reveals(value))
            {
                changes[setting.EnvVar] = null;
            }
        }

        changes["CRONLOCK_LOCK_KEY"] = options.LockKey;
        changes["CRONLOCK_FENCING_TOKEN"] = lease.FencingToken.ToString(CultureInfo.InvariantCulture);
        return changes;
    }

    private void LogHeld(AcquireResult.HeldElsewhere held)
    {
        if (held.HeldUntil is { } until)
        {
            log.Debug("lock {Key} is held elsewhere (expires in {Seconds}s)", options.LockKey, until - held.ServerNow);
        }
        else
        {
            log.Debug("lock {Key} holds a value that is not a time: not touching it", options.LockKey);
        }
    }

    private void LogLeave(LeaveResult result)
    {
        switch (result)
        {
            case LeaveResult.Kept kept:
                log.Debug("lock {Key} kept {Seconds}s more for GRACE", options.LockKey, kept.Seconds);
                break;
            case LeaveResult.Ended:
                log.Debug("lock {Key} released", options.LockKey);
                break;
            case LeaveResult.NotOurs:
                log.Warning("lock {Key} is no longer ours (another holder took it): left alone", options.LockKey);
                break;
            case LeaveResult.Failed failed:
                log.Error("{Error}; the lock expires by itself within CRONLOCK_RELEASE (or LEASE)", failed.Error);
                break;
        }
    }

    private RunOutcome Interrupted(SignalRelay signals)
    {
        log.Warning("stopped by SIG{Signal} before the job started: nothing was run", signals.StoppedBy);
        return new RunOutcome.Interrupted(signals.StoppedBySignal);
    }
}
