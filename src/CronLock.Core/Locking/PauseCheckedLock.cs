using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>
/// A lock whose acquire script cannot check the pauses itself (the semaphore of CRONLOCK_LIMIT):
/// the job's pause and the global one are read by two HGETALLs sent right beside the acquire
/// (pipelined, no round trip more). When either says paused and the acquire took a place, the
/// place is given back at once: no job ran under it.
/// </summary>
internal sealed class PauseCheckedLock(IDistributedLock inner, IDatabase database, LockKeys keys, string globalPauseKey) : IDistributedLock
{
    public async Task<AcquireResult> TryAcquireAsync(int ttlSeconds)
    {
        var own = database.HashGetAllAsync(keys.Paused);
        var global = database.HashGetAllAsync(globalPauseKey);
        var result = await inner.TryAcquireAsync(ttlSeconds);
        HashEntry[] ownFields, globalFields;
        try
        {
            (ownFields, globalFields) = (await own, await global);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The pause cannot be known: a taken place is given back rather than run unchecked.
            if (result is AcquireResult.Acquired)
            {
                await inner.GiveBackAsync();
            }

            return new AcquireResult.Failed($"cannot read the pause of {keys.Lock}: {e.Message.Split('\n', 2)[0].TrimEnd()}");
        }

        if ((PauseRecord.Read(StatusReply.Fields(ownFields), global: false) ?? PauseRecord.Read(StatusReply.Fields(globalFields), global: true)) is not { } pause)
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
