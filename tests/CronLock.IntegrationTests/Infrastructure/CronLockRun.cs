using System.Diagnostics;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A cronlock process that was started and not yet waited for. Waiting is bounded: a hung cronlock is killed
/// with its whole process tree and fails the test, so it can never hang the suite.
/// </summary>
internal sealed class CronLockRun : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // Output a surviving grandchild still holds open is not worth more than this once cronlock itself exited.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);

    private readonly Process _process;
    private readonly OutputPump _stdout;
    private readonly OutputPump _stderr;
    private readonly Stopwatch _clock;

    internal CronLockRun(CronLockInvocation invocation, Process process, Stopwatch clock)
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

    /// <summary>
    /// What cronlock has written to stderr so far, while it still runs. That log is the only outside sign of some
    /// moments — "now waiting for the lock", "noticed the lock is lost" — that a test must reach before it acts.
    /// </summary>
    public string StandardErrorSoFar => _stderr.Snapshot();

    /// <summary>What cronlock (or the job through it) has written to stdout so far, while it still runs.</summary>
    public string StandardOutputSoFar => _stdout.Snapshot();

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

    /// <summary>Waits for cronlock to exit; on timeout kills it (and everything under it) and fails the test.</summary>
    public async Task<CronLockResult> WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            Assert.Fail($"cronlock did not exit within {limit.TotalSeconds:0.#} s and was killed.\n{await SnapshotAsync(-1)}");
        }

        var duration = _clock.Elapsed;
        return await SnapshotAsync(_process.ExitCode, duration);
    }

    private async Task<CronLockResult> SnapshotAsync(int exitCode, TimeSpan? duration = null)
    {
        await Task.WhenAny(Task.WhenAll(_stdout.Completion, _stderr.Completion), Task.Delay(DrainTimeout));
        return new CronLockResult(Invocation, exitCode, _stdout.Snapshot(), _stderr.Snapshot(), duration ?? _clock.Elapsed)
        {
            StandardOutputBytes = _stdout.Bytes(),
        };
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
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
