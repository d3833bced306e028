namespace CronLock;

/// <summary>The only place exit-code numbers live. The contract is golock's.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The lock is held elsewhere, or a reset was done.</summary>
    public const int NotAcquired = 200;

    /// <summary>CronLock itself failed: bad input, Redis unreachable, auth or TLS failure.</summary>
    public const int Error = 201;

    /// <summary>The job ran past CRONLOCK_TIMEOUT and its process group was killed.</summary>
    public const int Timeout = 202;

    /// <summary>The command exists but cannot be executed (POSIX shell convention).</summary>
    public const int NotExecutable = 126;

    /// <summary>The command was not found on PATH (POSIX shell convention).</summary>
    public const int NotFound = 127;

    /// <summary>A child killed by signal N exits 128+N, as shells report it.</summary>
    public static int ForSignal(int signal) => 128 + signal;
}
