namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// A job that records its pid and a backgrounded grandchild's, then waits: both must go when cronlock stops the
/// job. Whatever the test does, <see cref="KillAll"/> in its finally ends both.
/// </summary>
internal sealed class JobWithGrandchild
{
    private const string Script = "echo $$ > \"$1\"; sleep 60 & echo $! > \"$2\"; wait";

    private readonly string _jobPidFile;
    private readonly string _grandchildPidFile;
    private int? _job;
    private int? _grandchild;

    /// <param name="name">The job's $0; it makes the job's argv, and so its md5 key, unique.</param>
    public JobWithGrandchild(Workspace workspace, string name)
    {
        _jobPidFile = workspace.PathOf("job.pid");
        _grandchildPidFile = workspace.PathOf("grandchild.pid");
        Arguments = ["sh", "-c", Script, name, _jobPidFile, _grandchildPidFile];
    }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Waits until the job and its grandchild run; fails with cronlock's output if cronlock exits first.</summary>
    public async Task WaitStartedAsync(CronLockRun run, CancellationToken cancellationToken)
    {
        _job = await PidFile.WaitAsync(_jobPidFile, run, cancellationToken);
        _grandchild = await PidFile.WaitAsync(_grandchildPidFile, run, cancellationToken);
    }

    /// <summary>Waits until the job and its grandchild are gone; <paramref name="what"/> names them in the failure.</summary>
    public Task WaitGoneAsync(string what, CancellationToken cancellationToken) =>
        PidFile.WaitGoneAsync([_job!.Value, _grandchild!.Value], what, cancellationToken);

    public void KillAll() => PidFile.KillAll([_job, _grandchild]);
}
