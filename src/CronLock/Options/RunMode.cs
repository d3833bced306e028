namespace CronLock.Options;

/// <summary>What this invocation of cronlock does.</summary>
internal enum RunMode
{
    /// <summary>Take the lock, run the job, leave the lock (golock).</summary>
    Run,

    /// <summary>Delete the lock and exit 200 (CRONLOCK_RESET / --reset).</summary>
    Reset,

    /// <summary>Print who holds the lock and the last finished run (--status).</summary>
    Status,

    /// <summary>Print every lock under the prefix (--list).</summary>
    List,

    /// <summary>Print the lock's last finished runs, newest first, from every host (--history).</summary>
    History,

    /// <summary>Take the lock and exit, printing the holder token (--acquire; distlock's --lock).</summary>
    Acquire,

    /// <summary>Give back a lock taken with --acquire, only with its token (--unlock TOKEN).</summary>
    Unlock,

    /// <summary>Read the lock and say what a run would do, with its exit code; write and run nothing (--dry-run).</summary>
    DryRun,

    /// <summary>Pause the job (or, with --all, everything under the prefix) on every host (--pause).</summary>
    Pause,

    /// <summary>End a pause (--resume).</summary>
    Resume,
}
