using CronLock.Core.Locking.Scripts;
using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>
/// A lock that up to <paramref name="limit"/> holders hold at once (CRONLOCK_LIMIT, a counting
/// semaphore): each holder has its own place, fencing token, lease, GRACE and RELEASE, and every
/// write is an owner-checked script on that place alone (see <see cref="SemaphoreLua"/>).
/// </summary>
internal sealed class SemaphoreLock(IDatabase database, LockKeys keys, Holder holder, int limit, SecretRedactor redactor) : IDistributedLock
{
    public async Task<AcquireResult> TryAcquireAsync(int ttlSeconds)
    {
        try
        {
            return AcquireScript.Read(await database.EvaluateAsync(new SemaphoreAcquireScript.Arguments(keys, ttlSeconds, holder, limit)));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            await LockCalls.GiveBackUnansweredAcquireAsync(database, SemaphoreLeaveScript.Arguments.Release(keys, holder.Id));
            return new AcquireResult.Failed($"cannot take the lock {keys.Lock}: {redactor.FirstLine(e.Message)}");
        }
    }

    public Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds) =>
        OwnedWriteAsync("renew", new SemaphoreRenewScript.Arguments(keys, holder.Id, leaseSeconds, releaseSeconds));

    /// <summary>
    /// Keeps this holder's place for GRACE; the run's history entry goes out in the same pipeline
    /// (no round trip more), appended whether or not the place was still ours: the run happened.
    /// </summary>
    public async Task<LeaveResult> KeepForGraceAsync(int graceSeconds, int exitCode, RunHistoryEntry? history = null)
    {
        var leave = OwnedWriteAsync("leave", new SemaphoreLeaveScript.Arguments(keys, holder.Id, graceSeconds, exitCode));
        if (history is not null)
        {
            var batch = database.CreateBatch();
            var appended = Task.WhenAll(
                batch.ListLeftPushAsync(keys.History, history.Json),
                batch.ListTrimAsync(keys.History, 0, history.Keep - 1),
                // EXPIREAT in whole seconds (as the scripts set every expiry): the minimal ACL rule has no EXPIRE.
                batch.KeyExpireAsync(keys.History, DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + Scripts.LeaveScript.LastRunRetentionSeconds).UtcDateTime));
            batch.Execute();
            try
            {
                await appended;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // The history is a record of the run, not part of the lock: the leave's own answer decides.
            }
        }

        return await leave;
    }

    public Task<LeaveResult> ReleaseAsync() => OwnedWriteAsync("leave", SemaphoreLeaveScript.Arguments.Release(keys, holder.Id));

    public Task<LeaveResult> GiveBackAsync() => ReleaseAsync();

    /// <summary>Deletes the lock and every place in it, whoever holds them (CRONLOCK_RESET).</summary>
    public Task<ResetResult> ResetAsync() => LockCalls.ResetAsync(database, new SemaphoreResetScript.Arguments(keys), keys, redactor);

    public Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout) => LockCalls.ReplicasConfirmingAsync(database, keys, replicas, timeout);

    private Task<LeaveResult> OwnedWriteAsync(string what, IScriptArguments arguments) => LockCalls.OwnedWriteAsync(database, arguments, what, keys, redactor);
}
