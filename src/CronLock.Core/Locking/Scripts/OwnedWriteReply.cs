using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>The reply of the scripts that write for the holder (<see cref="RenewScript"/>, <see cref="LeaveScript"/>).</summary>
internal static class OwnedWriteReply
{
    /// <summary>-1: not ours (left alone); 0: deleted, or RELEASE reached; else the seconds the lock lasts.</summary>
    public static LeaveResult Read(RedisResult result) => (long)result switch
    {
        < 0 => new LeaveResult.NotOurs(),
        0 => new LeaveResult.Ended(),
        var seconds => new LeaveResult.Kept(seconds),
    };
}
