namespace CronLock.Core.Locking;

/// <summary>The fields of a pause hash (<see cref="LockKeys.Paused"/>, <see cref="LockKeys.GlobalPause"/>).</summary>
internal static class PauseFields
{
    public const string Host = "host";

    public const string User = "user";

    /// <summary>When the pause began, unix seconds on the server's clock.</summary>
    public const string Since = "since";

    /// <summary>When it ends by itself, unix seconds on the server's clock; 0 = until --resume.</summary>
    public const string Until = "until";

    /// <summary>Why (--reason); "" for none.</summary>
    public const string Reason = "reason";
}
