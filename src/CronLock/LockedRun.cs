using CronLock.Core.Locking;
using CronLock.Inspection;
using CronLock.Locking;
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
    private readonly SecretRedactor redactor = new([.. options.Redis.Secrets]);

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

        var holder = options.Mode == RunMode.Unlock
            ? new Holder(options.UnlockToken!, Environment.MachineName, Environment.ProcessId, options.CommandLine)
            : Holder.ForThisProcess(options.CommandLine, Random.Shared, options.Reason);
        var keys = new LockKeys(options.LockKey);
        IDistributedLock redisLock = connection.RedlockNodes is { } nodes
            ? new QuorumLock([.. nodes.Select(node => node is null ? null : new RedisLock(node.GetDatabase(options.Redis.DatabaseIndex), keys, holder, redactor))])
            : new RedisLock(redis.GetDatabase(options.Redis.DatabaseIndex), keys, holder, redactor);
        try
        {
            return options.Mode switch
            {
                RunMode.Reset => await ResetAsync(redisLock),
                RunMode.Status => await ReportStatusAsync(redis),
                RunMode.List => await ListAsync(redis),
                RunMode.Acquire => await AcquireOnlyAsync(redisLock, holder, signals),
                RunMode.Unlock => await UnlockAsync(redisLock),
                _ => await RunLockedAsync(redisLock, signals),
            };
        }
        catch (RedisCommandException e) when (e.Message.Contains("database", StringComparison.OrdinalIgnoreCase))
        {
            return new RunOutcome.Failed($"{Settings.Db.EnvVar} ({options.Redis.Database}): {redactor.FirstLine(e.Message)}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new RunOutcome.Failed($"Redis: {redactor.FirstLine(e.Message)}");
        }
    }

    private async Task<RunOutcome> ResetAsync(IDistributedLock redisLock)
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
        var status = await new LockInspector(redis, options.Redis.DatabaseIndex).StatusAsync(options.LockKey);
        return await PrintAsync(Render(status, StatusText.Format), "the status (--status)") is { } error
            ? new RunOutcome.Failed(error)
            : new RunOutcome.Reported(status.State == "free" ? ExitCodes.StatusFree : ExitCodes.StatusHeld);
    }

    private async Task<RunOutcome> ListAsync(IConnectionMultiplexer redis)
    {
        // One line per lock (JSON lines with --json), written as found: memory stays bounded.
        await foreach (var status in new LockInspector(redis, options.Redis.DatabaseIndex).ListAsync(options.Prefix))
        {
            if (await PrintAsync(Render(status, StatusText.FormatLine), "the list (--list)") is { } error)
            {
                return new RunOutcome.Failed(error);
            }
        }

        return new RunOutcome.Reported(ExitCodes.Success);
    }

    /// <summary>One line to stdout; why not when it cannot take it (closed, a broken pipe, a full disk).</summary>
    private async Task<string?> PrintAsync(string line, string what)
    {
        try
        {
            await output.WriteLineAsync(line);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET reports a write to a closed or read-only descriptor (EBADF) as "Access to the path is denied".
            return $"cannot write {what} to stdout: {(e is UnauthorizedAccessException ? "it is closed or not writable" : redactor.FirstLine(e.Message))}";
        }
    }

    /// <summary>JSON (one object, one line) with --json, else the given text form.</summary>
    private string Render(LockStatus status, Func<LockStatus, string> asText) =>
        options.Json ? System.Text.Json.JsonSerializer.Serialize(status, StatusJsonContext.Default.LockStatus) : asText(status);

    private async Task<RunOutcome> RunLockedAsync(IDistributedLock redisLock, SignalRelay signals)
    {
        var result = await AcquireAsync(redisLock, signals);
        return result is AcquireResult.Acquired acquired
            ? await RunJobAsync(redisLock, acquired.Lease, signals)
            : NotTaken(result, signals);
    }

    /// <summary>Split mode: take the lock, print the token that can give it back, and exit.</summary>
    private async Task<RunOutcome> AcquireOnlyAsync(IDistributedLock redisLock, Holder holder, SignalRelay signals)
    {
        var result = await AcquireAsync(redisLock, signals);
        if (result is not AcquireResult.Acquired acquired)
        {
            return NotTaken(result, signals);
        }

        // Without the token nobody can --unlock: give the lock back rather than leave it to expire.
        if (await PrintAsync(holder.Id, "the holder token (--acquire)") is { } error)
        {
            return new RunOutcome.Failed(await redisLock.ReleaseAsync() is LeaveResult.Ended
                ? $"{error}; gave the lock back"
                : $"{error}; could not give the lock back: it expires by itself within CRONLOCK_RELEASE");
        }

        log.Debug("lock {Key} taken until unlocked or {Seconds}s pass", options.LockKey, acquired.Lease.ExpiresAt - acquired.Lease.StartedAt - 1);
        return new RunOutcome.LockTaken();
    }

    /// <summary>What a run that did not get the lock ends as: an error, held elsewhere, or a signal first.</summary>
    private RunOutcome NotTaken(AcquireResult? result, SignalRelay signals) => result switch
    {
        AcquireResult.Failed failed => new RunOutcome.Failed(failed.Error),
        AcquireResult.HeldElsewhere => new RunOutcome.NotAcquired(),
        _ => Interrupted(signals),
    };

    private async Task<RunOutcome> UnlockAsync(IDistributedLock redisLock) =>
        await redisLock.ReleaseAsync() switch
        {
            LeaveResult.Failed failed => new RunOutcome.Failed(failed.Error),
            LeaveResult.NotOurs => WrongToken(),
            _ => new RunOutcome.Unlocked(),
        };

    private RunOutcome.WrongToken WrongToken()
    {
        log.Error("lock {Key} is not held by that token (wrong token, or the lock expired): left alone", options.LockKey);
        return new RunOutcome.WrongToken();
    }

    /// <summary>
    /// Takes the lock, waiting up to CRONLOCK_WAIT for a held one. Null when a signal stopped us;
    /// a lock taken but refused by MIN_REPLICAS is given back and reported as failed.
    /// </summary>
    private async Task<AcquireResult?> AcquireAsync(IDistributedLock redisLock, SignalRelay signals)
    {
        var ttl = options.LeaseSeconds > 0 ? options.LeaseSeconds : options.ReleaseSeconds;
        var wait = TimeSpan.FromSeconds(options.WaitSeconds);
        var waitStarted = TimeProvider.System.GetTimestamp();
        var poll = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var result = await redisLock.TryAcquireAsync(ttl);
            switch (result)
            {
                case AcquireResult.Acquired acquired:
                    log.Debug(acquired.TookOverStale ? "took over stale lock {Key}, fencing token {Token}" : "acquired lock {Key}, fencing token {Token}",
                        options.LockKey, acquired.Lease.FencingToken);
                    if (await ReplicasMissingAsync(redisLock) is { } missing)
                    {
                        await redisLock.GiveBackAsync();
                        return new AcquireResult.Failed(missing);
                    }

                    return acquired;
                case AcquireResult.HeldElsewhere held:
                    LogHeld(held);
                    var left = wait - TimeProvider.System.GetElapsedTime(waitStarted);
                    if (left <= TimeSpan.Zero)
                    {
                        return held;
                    }

                    // Jittered, growing polls: many waiting hosts neither spin nor wake in step. Each
                    // sleep is a few seconds at most, however long CRONLOCK_WAIT is: no timer overflows.
                    var delay = TimeSpan.FromTicks(Math.Min(left.Ticks, (long)(poll.Ticks * (0.8 + (Random.Shared.NextDouble() * 0.4)))));
                    try
                    {
                        await Task.Delay(delay, signals.Stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        return null;
                    }

                    poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
                    break;
                default:
                    return result;
            }
        }
    }

    /// <summary>
    /// CRONLOCK_MIN_REPLICAS: a lock only the master knows can be handed to a second host by a
    /// failover. Null when enough replicas confirmed it, else why not.
    /// </summary>
    private async Task<string?> ReplicasMissingAsync(IDistributedLock redisLock)
    {
        if (options.Redis.MinReplicas == 0)
        {
            return null;
        }

        // WAIT's own timeout stays well inside the client's, so the answer (how many replicas
        // confirmed) always arrives instead of a client-side timeout.
        var wait = TimeSpan.FromSeconds(options.Redis.TimeoutSeconds * 0.75);
        long confirmed;
        try
        {
            confirmed = await redisLock.ReplicasConfirmingAsync(options.Redis.MinReplicas, wait);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return $"{Settings.MinReplicas.EnvVar} ({options.Redis.MinReplicas}): WAIT failed: {redactor.FirstLine(e.Message)}; gave the lock back, job not started";
        }

        log.Debug("{Confirmed} replica(s) confirmed the lock", confirmed);
        return confirmed >= options.Redis.MinReplicas
            ? null
            : $"only {confirmed} of {options.Redis.MinReplicas} replicas ({Settings.MinReplicas.EnvVar}) confirmed the lock within {wait.TotalSeconds:0.#}s: gave it back, job not started";
    }

    private async Task<RunOutcome> RunJobAsync(IDistributedLock redisLock, LockLease lease, SignalRelay signals)
    {
        using var lost = new CancellationTokenSource();
        using var jobDone = new CancellationTokenSource();
        var leaseKeeper = new LeaseKeeper(redisLock, options.LeaseSeconds, options.ReleaseSeconds, TimeProvider.System, problem => log.Warning("{Problem}", problem), seconds => log.Debug("lease renewed: the lock lasts {Seconds}s more", seconds));
        lost.Token.Register(() => log.Error("lock lost: {Why}", leaseKeeper.LostReason));
        var keeper = options.LeaseSeconds > 0 ? leaseKeeper.KeepAsync(lost, jobDone.Token) : Task.CompletedTask;
        var environment = JobEnvironment.Changes(Environment.GetEnvironmentVariables(), redactor, options.LockKey, lease.FencingToken);
        var rules = new StopRules(options.TimeoutSeconds, options.TimeoutSignal, options.KillAfterSeconds, options.OnLost == LostLockPolicy.Kill);

        ChildOutcome? child = null;
        try
        {
            child = await new ChildRunner(log, TimeProvider.System).RunAsync(options.CommandBytes, environment, rules, signals, lost.Token);
        }
        finally
        {
            await jobDone.CancelAsync();
            await keeper;

            // No job started (a signal came first): give the lock back. Otherwise keep it for GRACE.
            LogLeave(await (child is null ? redisLock.ReleaseAsync() : redisLock.KeepForGraceAsync(options.GraceSeconds, new RunOutcome.JobFinished(child).ExitCode)));
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
