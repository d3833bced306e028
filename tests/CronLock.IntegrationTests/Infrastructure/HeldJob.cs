namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A job that signals it started (creates a file) and then runs until the test lets it go (creates another),
/// so a test can look at Redis while cronlock holds the lock. It gives up by itself after 30 s (exit 97).
/// The files are passed through the environment, leaving the job's argv — and so the lock key — to the test.
/// </summary>
internal sealed class HeldJob
{
    private const string Body =
        """
        touch "$HELD_JOB_STARTED"
        i=0
        while [ ! -e "$HELD_JOB_GO" ]; do
          i=$((i+1)); [ "$i" -gt 600 ] && exit 97
          sleep 0.05
        done
        exit "${HELD_JOB_EXIT:-0}"
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Workspace _workspace;

    public HeldJob(Workspace workspace)
    {
        _workspace = workspace;
        Directory.CreateDirectory(BinDirectory);
    }

    public string StartedFile => _workspace.PathOf("held.started");

    public string GoFile => _workspace.PathOf("held.go");

    /// <summary>Variables cronlock passes down to the job (and a PATH that finds commands from <see cref="InstallAs"/>).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Environment =>
    [
        new("HELD_JOB_STARTED", StartedFile),
        new("HELD_JOB_GO", GoFile),
        new("PATH", BinDirectory + ":" + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")),
    ];

    private string BinDirectory => _workspace.PathOf("bin");

    /// <summary>argv for an inline <c>sh -c</c> job; <paramref name="tag"/> makes its md5 key unique.</summary>
    public string[] InlineArguments(string tag) => ["sh", "-c", Body, "held-job", tag];

    /// <summary>Installs the job as a command on the job's PATH, so argv can be exactly e.g. <c>a b c</c>.</summary>
    public void InstallAs(string commandName)
    {
        var path = Path.Combine(BinDirectory, commandName);
        File.WriteAllText(path, "#!/bin/sh\n" + Body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Waits until the job runs; fails at once with cronlock's output if cronlock exits first.</summary>
    public async Task WaitStartedAsync(CronLockRun run, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(StartedFile))
        {
            if (run.HasExited)
            {
                // The job may have started just before cronlock exited; only a missing file is a failure.
                if (File.Exists(StartedFile))
                {
                    return;
                }

                Assert.Fail($"cronlock exited before the job started.\n{await run.WaitAsync(cancellationToken: cancellationToken)}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                Assert.Fail($"The job did not start within {StartTimeout.TotalSeconds} s.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public void Release() => File.WriteAllText(GoFile, "");
}
