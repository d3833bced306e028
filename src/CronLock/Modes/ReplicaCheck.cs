using CronLock.Core.Locking;
using CronLock.Options;
using Serilog;
using StackExchange.Redis;

namespace CronLock.Modes;

/// <summary>
/// CRONLOCK_MIN_REPLICAS: a lock only the master knows can be handed to a second host by a
/// failover, so the job starts only once enough replicas confirmed it.
/// </summary>
internal static class ReplicaCheck
{
    /// <summary>
    /// WAIT's own timeout stays well inside the client's, so the answer (how many replicas
    /// confirmed) always arrives instead of a client-side timeout.
    /// </summary>
    public static TimeSpan WaitFor(RedisTarget target) => TimeSpan.FromSeconds(target.TimeoutSeconds * 0.75);

    /// <returns>Null when enough replicas confirmed the lock (or none are asked for), else why not.</returns>
    public static async Task<string?> MissingAsync(IDistributedLock redisLock, RedisTarget target, SecretRedactor redactor, ILogger log)
    {
        if (target.MinReplicas == 0)
        {
            return null;
        }

        var wait = WaitFor(target);
        long confirmed;
        try
        {
            confirmed = await redisLock.ReplicasConfirmingAsync(target.MinReplicas, wait);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return $"{Settings.MinReplicas.EnvVar} ({target.MinReplicas}): WAIT failed: {redactor.FirstLine(e.Message)}; gave the lock back, job not started";
        }

        log.Debug("{Confirmed} replica(s) confirmed the lock", confirmed);
        return confirmed >= target.MinReplicas
            ? null
            : $"only {confirmed} of {target.MinReplicas} replicas ({Settings.MinReplicas.EnvVar}) confirmed the lock within {wait.TotalSeconds:0.#}s: gave it back, job not started";
    }
}
