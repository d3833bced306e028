namespace CronLock.Core.Locking;

/// <summary>
/// The fields of the holder hash (<see cref="LockKeys.Holder"/>), as the C# readers name them. The
/// Lua scripts that write them (acquire; renew and leave update expires, leave adds finished) spell
/// them out literally to stay readable; a unit test checks each name here appears in them.
/// </summary>
internal static class HolderFields
{
    /// <summary>The holder's unique id: host, pid and a random part.</summary>
    public const string Id = "id";

    public const string Host = "host";

    public const string Pid = "pid";

    /// <summary>When the lock was taken, unix seconds on the server's clock.</summary>
    public const string Started = "started";

    /// <summary>The command line (CLI) or description (library).</summary>
    public const string Command = "command";

    /// <summary>The fencing token the take handed out.</summary>
    public const string Token = "token";

    /// <summary>The lock key's value this holder last wrote: the holder holds the lock only while they agree.</summary>
    public const string Expires = "expires";

    /// <summary>Why the lock was taken; "" for no reason.</summary>
    public const string Reason = "reason";

    /// <summary>When the job ended, once the lock is only kept for GRACE; absent until then.</summary>
    public const string Finished = "finished";

    /// <summary>The schedule slot (unix seconds) a run with a slot rule holds the lock for; absent without one.</summary>
    public const string Slot = "slot";
}
