using CronLock.Connection;
using CronLock.Core.Locking;
using CronLock.Inspection;
using CronLock.Logging;
using CronLock.Options;
using CronLock.Running;
using StackExchange.Redis;

namespace CronLock.Modes;

/// <summary>
/// One invocation: pause for CRONLOCK_SPLAY, connect, build the lock this run works on, and hand it to the one mode the
/// settings chose. Redis failing in the middle of a mode becomes a one-line error here.
/// </summary>
internal sealed class Invocation(ModeContext context)
{
    public async Task<RunOutcome> RunAsync()
    {
        var options = context.Options;
        using var signals = new SignalRelay();
        context.Log.Debug("lock key {Key}", options.LockKey);

        // Only the modes that take the lock: a fleet's crontabs fire them together, while a look
        // at the lock (--status, --dry-run) or giving it back should answer at once.
        if (options.Mode is RunMode.Run or RunMode.Acquire && !await Splay.WaitAsync(context, signals.Stopping))
        {
            return NotTaken.Interrupted(context.Log, signals);
        }

        PhaseMarks.Mark("signals");
        ConnectResult connection;
        try
        {
            connection = await new TopologyConnector(context.Log, context.Redactor, context.Clock).ConnectAsync(options.Redis, signals.Stopping);
        }
        catch (OperationCanceledException)
        {
            return NotTaken.Interrupted(context.Log, signals);
        }

        PhaseMarks.Mark("connected");
        if (connection.Connection is not { } redis)
        {
            return new RunOutcome.Failed(connection.Error!);
        }

        var holder = options.Mode == RunMode.Unlock
            ? new Holder(options.UnlockToken!, Environment.MachineName, Environment.ProcessId, options.CommandLine)
            : Holder.ForThisProcess(options.CommandLine, context.Random, options.Reason);
        var redisLock = Lock(connection, holder);
        var inspector = new LockInspector(redis, options.Redis.DatabaseIndex, options.Prefix);
        try
        {
            return options.Mode switch
            {
                RunMode.Reset => await new ResetMode(context).RunAsync(redisLock),
                RunMode.Status => await new StatusMode(context).StatusAsync(inspector),
                RunMode.List => await new StatusMode(context).ListAsync(inspector),
                RunMode.History => await new HistoryMode(context).ShowAsync(inspector),
                RunMode.Acquire => await new SplitMode(context).AcquireAsync(redisLock, holder, signals),
                RunMode.Unlock => await new SplitMode(context).UnlockAsync(redisLock),
                RunMode.DryRun => await new DryRunMode(context).RunAsync(inspector),
                RunMode.Pause => await new PauseMode(context).PauseAsync(Pauses(connection), Environment.MachineName, Environment.UserName),
                RunMode.Resume => await new PauseMode(context).ResumeAsync(Pauses(connection)),
                _ => await new RunUnderLock(context).RunAsync(redisLock, signals),
            };
        }
        catch (RedisCommandException e) when (e.Message.Contains("database", StringComparison.OrdinalIgnoreCase))
        {
            var setting = options.Redis.Origins.Database == Settings.Url ? $"{Settings.Url.EnvVar} database" : Settings.Db.EnvVar;
            return new RunOutcome.Failed($"{setting} ({options.Redis.Database}): {context.Redactor.FirstLine(e.Message)}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new RunOutcome.Failed($"Redis: {context.Redactor.FirstLine(e.Message)}");
        }
    }

    /// <summary>
    /// The lock on the one Redis (with CRONLOCK_LIMIT, its semaphore), or on every Redlock master (null
    /// where one was unreachable). Its acquire also checks the pause of everything under the prefix: in
    /// the script where the server takes any keys together, beside it on a Cluster (another slot).
    /// </summary>
    private IDistributedLock Lock(ConnectResult connection, Holder holder)
    {
        var keys = new LockKeys(context.Options.LockKey);
        var database = context.Options.Redis.DatabaseIndex;
        var globalPause = LockKeys.GlobalPause(context.Options.Prefix);
        // Proposed afresh at each try (a wait moves the clock); none at all without a slot rule (and no slot rule with Redlock).
        Func<IReadOnlyList<long>>? slots = context.Options.Slot is { } rule ? () => rule.Candidates(context.Clock.GetUtcNow()) : null;
        if (connection.RedlockNodes is { } nodes)
        {
            return new QuorumLock([.. nodes.Select(node => node is null ? null : new RedisLock(node.GetDatabase(database), keys, holder, context.Redactor, globalPause))]);
        }

        var redis = connection.Connection!;
        if (context.Options.Limit > 1)
        {
            // Only with a limit: a plain run keeps its own scripts and round trips. The semaphore's
            // script cannot check the pauses, so they are read beside its acquire.
            return new PauseCheckedLock(new SemaphoreLock(redis.GetDatabase(database), keys, holder, context.Options.Limit, context.Redactor),
                redis.GetDatabase(database), keys.Lock, keys.Paused, globalPause, context.Redactor);
        }

        // On a Cluster the global pause lives in another slot: read beside the acquire, not in it.
        return redis.GetServers().Any(s => s.ServerType == ServerType.Cluster)
            ? new PauseCheckedLock(new RedisLock(redis.GetDatabase(database), keys, holder, context.Redactor, globalPause: null, slots),
                redis.GetDatabase(database), keys.Lock, jobPauseKey: null, globalPause, context.Redactor)
            : new RedisLock(redis.GetDatabase(database), keys, holder, context.Redactor, globalPause, slots);
    }

    /// <summary>Where --pause and --resume write: the one Redis, or every Redlock master.</summary>
    private PauseSwitch Pauses(ConnectResult connection)
    {
        var database = context.Options.Redis.DatabaseIndex;
        return new PauseSwitch(
            connection.RedlockNodes is { } nodes ? [.. nodes.Select(node => node?.GetDatabase(database))] : [connection.Connection!.GetDatabase(database)],
            context.Redactor);
    }
}
