using CronLock.Connection;
using CronLock.Core.Locking;
using CronLock.Inspection;
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

        ConnectResult connection;
        try
        {
            connection = await new TopologyConnector(context.Log, context.Redactor, context.Clock).ConnectAsync(options.Redis, signals.Stopping);
        }
        catch (OperationCanceledException)
        {
            return NotTaken.Interrupted(context.Log, signals);
        }

        if (connection.Connection is not { } redis)
        {
            return new RunOutcome.Failed(connection.Error!);
        }

        var holder = options.Mode == RunMode.Unlock
            ? new Holder(options.UnlockToken!, Environment.MachineName, Environment.ProcessId, options.CommandLine)
            : Holder.ForThisProcess(options.CommandLine, context.Random, options.Reason);
        var redisLock = Lock(connection, holder);
        var inspector = new LockInspector(redis, options.Redis.DatabaseIndex);
        try
        {
            return options.Mode switch
            {
                RunMode.Reset => await new ResetMode(context).RunAsync(redisLock),
                RunMode.Status => await new StatusMode(context).StatusAsync(inspector),
                RunMode.List => await new StatusMode(context).ListAsync(inspector),
                RunMode.Acquire => await new SplitMode(context).AcquireAsync(redisLock, holder, signals),
                RunMode.Unlock => await new SplitMode(context).UnlockAsync(redisLock),
                RunMode.DryRun => await new DryRunMode(context).RunAsync(inspector),
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

    /// <summary>The lock on the one Redis (with CRONLOCK_LIMIT, its semaphore), or on every Redlock master (null where one was unreachable).</summary>
    private IDistributedLock Lock(ConnectResult connection, Holder holder)
    {
        var keys = new LockKeys(context.Options.LockKey);
        var database = context.Options.Redis.DatabaseIndex;
        if (connection.RedlockNodes is { } nodes)
        {
            return new QuorumLock([.. nodes.Select(node => node is null ? null : new RedisLock(node.GetDatabase(database), keys, holder, context.Redactor))]);
        }

        // Only with a limit: a plain run keeps its own scripts and round trips.
        return context.Options.Limit > 1
            ? new SemaphoreLock(connection.Connection!.GetDatabase(database), keys, holder, context.Options.Limit, context.Redactor)
            : new RedisLock(connection.Connection!.GetDatabase(database), keys, holder, context.Redactor);
    }
}
