using System.Diagnostics;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// A cronlock process started exactly as <see cref="CronLockProcess.Start"/> does (clean CRONLOCK_* environment,
/// the target server, the invocation's changes), whose stderr the test can read while it still runs. That log is
/// the only outside sign of some moments — "now waiting for the lock", "noticed the lock is lost" — that a test
/// must reach before it acts; <see cref="CronLockRun"/> shows output only after the exit.
/// </summary>
internal sealed class WatchedCronLock : IAsyncDisposable
{
    private const string VariablePrefix = "CRONLOCK_";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);

    private readonly Process _process;
    private readonly OutputPump _stdout;
    private readonly OutputPump _stderr;
    private readonly Stopwatch _clock;

    private WatchedCronLock(CronLockInvocation invocation, Process process, Stopwatch clock)
    {
        Invocation = invocation;
        _process = process;
        _clock = clock;
        _stdout = new OutputPump(process.StandardOutput.BaseStream);
        _stderr = new OutputPump(process.StandardError.BaseStream);
    }

    public CronLockInvocation Invocation { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardErrorSoFar => _stderr.Snapshot();

    public static WatchedCronLock Start(RedisEndpoint redis, CronLockInvocation invocation)
    {
        var startInfo = new ProcessStartInfo(CronLockBinary.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in invocation.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var inherited in startInfo.Environment.Keys.Where(k => k.StartsWith(VariablePrefix, StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(inherited);
        }

        startInfo.Environment["CRONLOCK_HOST"] = redis.Host;
        startInfo.Environment["CRONLOCK_PORT"] = redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in invocation.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(startInfo)!;
        var run = new WatchedCronLock(invocation, process, clock);
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        return run;
    }

    /// <summary>Waits until cronlock's stderr contains <paramref name="fragment"/>; fails with its output if it exits first.</summary>
    public async Task WaitForLogAsync(string fragment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!StandardErrorSoFar.Contains(fragment, StringComparison.Ordinal))
        {
            if (HasExited)
            {
                var result = await WaitAsync(cancellationToken: cancellationToken);
                if (!result.StandardError.Contains(fragment, StringComparison.Ordinal))
                {
                    Assert.Fail($"cronlock exited before logging '{fragment}'.\n{result}");
                }

                return;
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"cronlock did not log '{fragment}' within {timeout.TotalSeconds:0.#} s. Its stderr so far:\n{StandardErrorSoFar}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Waits for the exit (bounded); on timeout kills cronlock and everything under it and fails the test.</summary>
    public async Task<CronLockResult> WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? CronLockRun.DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            Assert.Fail($"cronlock did not exit within {limit.TotalSeconds:0.#} s and was killed.\n{await SnapshotAsync(-1, _clock.Elapsed)}");
        }

        return await SnapshotAsync(_process.ExitCode, _clock.Elapsed);
    }

    private async Task<CronLockResult> SnapshotAsync(int exitCode, TimeSpan duration)
    {
        await Task.WhenAny(Task.WhenAll(_stdout.Completion, _stderr.Completion), Task.Delay(DrainTimeout));
        return new CronLockResult(Invocation, exitCode, _stdout.Snapshot(), _stderr.Snapshot(), duration);
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _process.Dispose();
    }
}
