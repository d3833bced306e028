namespace CronLock.Core.Locking;

/// <summary>What a --pause or --resume did.</summary>
internal abstract record PauseResult
{
    /// <summary>--pause: the pause is in place, as written.</summary>
    public sealed record Written(PauseRecord Pause) : PauseResult;

    /// <summary>--resume: the pause is gone; <paramref name="WasPaused"/> false when there was none.</summary>
    public sealed record Removed(bool WasPaused) : PauseResult;

    /// <summary>Redis (or a majority of the Redlock masters) could not be asked.</summary>
    public sealed record Failed(string Error) : PauseResult;
}
