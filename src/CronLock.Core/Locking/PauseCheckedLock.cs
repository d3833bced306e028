using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>
/// A lock whose acquire script cannot check every pause itself: the global pause (--pause --all) on
/// a Cluster, where it lives in another slot, and both pauses for the semaphore of CRONLOCK_LIMIT.
/// Those pauses are read by HGETALLs sent right beside the acquire (pipelined, no round trip more).
/// When one says paused and the acquire took the lock, it is given back at once: no job ran under it.
/// </summary>
/// <param name="inner">The lock whose acquire is checked.</param>
/// <param name="database">Where the pause keys are read.</param>
/// <param name="lockKey">The lock's key, for the error line.</param>
/// <param name="jobPauseKey">The job's own pause, when the inner acquire does not check it; null when it does.</param>
/// <param name="globalPauseKey">The pause of everything under the prefix.</param>
/// <param name="redactor">Keeps secrets out of error messages.</param>
internal sealed class PauseCheckedLock(IDistributedLock inner, IDatabase database, string lockKey, string? jobPauseKey, string globalPauseKey, SecretRedactor redactor)
    : IDistributedLock
{
    public async Task<AcquireResult> TryAcquireAsync(int ttlSeconds)
    {
        var own = jobPauseKey is null ? Task.FromResult<HashEntry[]>([]) : database.HashGetAllAsync(jobPauseKey);
        var global = database.HashGetAllAsync(globalPauseKey);
        var result = await inner.TryAcquireAsync(ttlSeconds);
        HashEntry[] ownFields, globalFields;
        try
        {
            (ownFields, globalFields) = (await own, await global);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The pause cannot be known: a taken lock is given back rather than run unchecked.
            if (result is AcquireResult.Acquired)
            {
                await inner.GiveBackAsync();
            }

            return new AcquireResult.Failed($"cannot take the lock {lockKey}: {redactor.FirstLine(e.Message)}");
        }

        // The script's own answer first: a job paused by itself says so, not by the global pause.
        if (result is AcquireResult.Paused
            || (PauseRecord.Read(StatusReply.Fields(ownFields), global: false) ?? PauseRecord.Read(StatusReply.Fields(globalFields), global: true)) is not { } pause)
        {
            return result;
        }

        if (result is AcquireResult.Acquired)
        {
            await inner.GiveBackAsync();
        }

        return new AcquireResult.Paused(pause);
    }

    public Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds) => inner.RenewAsync(leaseSeconds, releaseSeconds);

    public Task<LeaveResult> KeepForGraceAsync(int graceSeconds, int exitCode, RunHistoryEntry? history = null) => inner.KeepForGraceAsync(graceSeconds, exitCode, history);

    public Task<LeaveResult> ReleaseAsync() => inner.ReleaseAsync();

    public Task<LeaveResult> GiveBackAsync() => inner.GiveBackAsync();

    public Task<ResetResult> ResetAsync() => inner.ResetAsync();

    public Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout) => inner.ReplicasConfirmingAsync(replicas, timeout);
}
