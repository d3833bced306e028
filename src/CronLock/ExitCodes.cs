namespace CronLock;

/// <summary>The only place exit-code numbers live. The contract is golock's.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The lock is held elsewhere, the job is paused (--pause), or a reset was done.</summary>
    public const int NotAcquired = 200;

    /// <summary>
    /// CronLock itself failed: bad input, Redis unreachable, auth or TLS failure (the job never
    /// started); or an internal error while the job ran, which killed the job first.
    /// </summary>
    public const int Error = 201;

    /// <summary>The job ran past CRONLOCK_TIMEOUT and its process group was killed.</summary>
    public const int Timeout = 202;

    /// <summary>The lease was lost while the job ran and the job was stopped (CRONLOCK_ON_LOST=kill).</summary>
    public const int LockLost = 203;

    /// <summary>--unlock: the token does not hold the lock (wrong token, or it already expired).</summary>
    public const int WrongToken = 204;

    /// <summary>
    /// CRONLOCK_PERIOD / CRONLOCK_SCHEDULE: the run of an earlier slot still holds the lock, so this
    /// slot is skipped (and recorded as an overrun), nothing was run.
    /// </summary>
    public const int Overrun = 205;

    /// <summary>--status: the lock is free.</summary>
    public const int StatusFree = 0;

    /// <summary>--status: the lock is held (by CronLock or a foreign tool): a run now would exit 200.</summary>
    public const int StatusHeld = 200;

    /// <summary>The command exists but cannot be executed (POSIX shell convention).</summary>
    public const int NotExecutable = 126;

    /// <summary>The command was not found on PATH (POSIX shell convention).</summary>
    public const int NotFound = 127;

    /// <summary>A child killed by signal N exits 128+N, as shells report it.</summary>
    public static int ForSignal(int signal) => 128 + signal;
}
