namespace CronLock.Running;

/// <summary>
/// The thread that starts the job and then waits for it. The job's parent-death signal follows the
/// thread that started it, not the process (spawn.c), so that thread must live until the job is
/// reaped. The process's main thread lives exactly as long as the process, and has nothing else to
/// do while the run goes on: <see cref="Program"/> lends it here, which spares every run the start of
/// a thread (about 0.8 ms, docs/performance.md). Without the loan (the unit tests), or for a second
/// job, the work gets a thread of its own.
/// </summary>
internal static class JobThread
{
    private static readonly SemaphoreSlim Wake = new(0);
    private static Action? _work;
    private static int _lent;
    private static int _taken;

    /// <summary>Runs <paramref name="app"/>, lending the calling (main) thread to <see cref="Run"/> until it ends.</summary>
    public static int LendWhile(Func<Task<int>> app)
    {
        Volatile.Write(ref _lent, 1);
        var run = app();
        run.ContinueWith(_ => Wake.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        while (true)
        {
            Wake.Wait();
            if (Interlocked.Exchange(ref _work, null) is { } work)
            {
                work();
            }
            else if (run.IsCompleted)
            {
                break;
            }
        }

        Volatile.Write(ref _lent, 0);
        return run.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="work"/> on the lent main thread (once per process), else on a thread of its own.</summary>
    public static void Run(Action work)
    {
        if (Volatile.Read(ref _lent) == 1 && Interlocked.Exchange(ref _taken, 1) == 0)
        {
            Volatile.Write(ref _work, work);
            Wake.Release();
            return;
        }

        _ = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
