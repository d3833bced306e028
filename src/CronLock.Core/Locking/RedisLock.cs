using CronLock.Core.Locking.Scripts;
using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>Acquire, renew, leave, reset and read one lock: every write is an owner-checked script.</summary>
/// <param name="database">The Redis (or the one master) the lock lives on.</param>
/// <param name="keys">The lock and its companions.</param>
/// <param name="holder">This run.</param>
/// <param name="redactor">Keeps secrets out of error messages.</param>
/// <param name="globalPause">The pause of everything under the prefix, checked in the acquire script; null for none (the
/// library), or where it cannot share the script (a Cluster: <see cref="PauseCheckedLock"/> reads it beside).</param>
/// <param name="slotCandidates">With a slot rule, the slot starts around this host's clock at each try; null without one.</param>
internal sealed class RedisLock(IDatabase database, LockKeys keys, Holder holder, SecretRedactor redactor, string? globalPause = null, Func<IReadOnlyList<long>>? slotCandidates = null) : IDistributedLock
{
    public async Task<AcquireResult> TryAcquireAsync(int ttlSeconds)
    {
        try
        {
            return AcquireScript.Read(await database.EvaluateAsync(new AcquireScript.Arguments(keys, ttlSeconds, holder, slotCandidates?.Invoke(), globalPause)));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            await LockCalls.GiveBackUnansweredAcquireAsync(database, LeaveScript.Arguments.Release(keys, holder.Id));
            return new AcquireResult.Failed($"cannot take the lock {keys.Lock}: {redactor.FirstLine(e.Message)}");
        }
    }

    /// <summary>Extends the lock by <paramref name="leaseSeconds"/>, never past start + RELEASE.</summary>
    public Task<LeaveResult> RenewAsync(int leaseSeconds, int releaseSeconds) =>
        OwnedWriteAsync("renew", new RenewScript.Arguments(keys, holder.Id, leaseSeconds, releaseSeconds));

    /// <summary>Records the run and keeps the lock until start + GRACE + 1 (deletes it when that has passed).</summary>
    public Task<LeaveResult> KeepForGraceAsync(int graceSeconds, int exitCode, RunHistoryEntry? history = null) =>
        OwnedWriteAsync("leave", new LeaveScript.Arguments(keys, holder.Id, graceSeconds, exitCode, history));

    /// <summary>Deletes the lock now, recording no run: no job ran under it.</summary>
    public Task<LeaveResult> ReleaseAsync() => OwnedWriteAsync("leave", LeaveScript.Arguments.Release(keys, holder.Id));

    /// <summary>A taken lock that may not be used is simply released: no job ran under it.</summary>
    public Task<LeaveResult> GiveBackAsync() => ReleaseAsync();

    /// <summary>The lock's remaining time to live while it is ours; null once it is not.</summary>
    public async Task<TimeSpan?> RemainingIfOursAsync()
    {
        var status = await StatusReply.ReadAsync(database, keys);
        return status.HeldByRecordedHolder && status.Holder.GetValueOrDefault(HolderFields.Id) == holder.Id && status.TtlSeconds >= 0
            ? TimeSpan.FromSeconds(status.TtlSeconds)
            : null;
    }

    /// <summary>WAIT on the lock key's master until <paramref name="replicas"/> replicas have our writes.</summary>
    /// <returns>How many replicas confirmed within the timeout.</returns>
    public Task<long> ReplicasConfirmingAsync(int replicas, TimeSpan timeout) => LockCalls.ReplicasConfirmingAsync(database, keys, replicas, timeout);

    /// <summary>
    /// Deletes the lock and its holder record, whoever holds it (CRONLOCK_RESET); a key that is no
    /// string is some application's data, never a lock, and is left alone.
    /// </summary>
    public Task<ResetResult> ResetAsync() => LockCalls.ResetAsync(database, new ResetScript.Arguments(keys), keys, redactor);

    private Task<LeaveResult> OwnedWriteAsync(string what, IScriptArguments arguments) => LockCalls.OwnedWriteAsync(database, arguments, what, keys, redactor);
}
