using System.Diagnostics;
using System.Globalization;
using CronLock.Running;

namespace CronLock.Tests;

/// <summary>
/// Whatever fails while the job runs, the runner returns only once the job's process group is killed and the job
/// reaped: its caller leaves the lock next, and a job still running then could run twice at once.
/// </summary>
public sealed class ChildRunnerTests
{
    private const string Job = "echo $$ > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"; exec sleep 60";

    [Fact]
    public async Task Run_WhenSupervisingTheJobFails_KillsAndReapsTheJobBeforeReturning()
    {
        var directory = Directory.CreateTempSubdirectory("cronlock-child-runner-");
        try
        {
            var pidFile = Path.Combine(directory.FullName, "job.pid");
            using var signals = new SignalRelay();
            var runner = new ChildRunner(Serilog.Core.Logger.None, new ClockFailingOnceTheJobRuns(pidFile));

            var outcome = await runner.RunAsync([.. new[] { "sh", "-c", Job, "job", pidFile }.Select(System.Text.Encoding.UTF8.GetBytes)], "sh -c job", new Dictionary<string, string?>(),
                new StopRules(TimeoutSeconds: 60, TimeoutSignal: Posix.SigKill, KillAfterSeconds: 10, StopOnLockLoss: true),
                signals, TestContext.Current.CancellationToken);

            var killed = Assert.IsType<ChildOutcome.KilledOnError>(outcome);
            Assert.Equal("the clock broke", killed.Error);
            var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            Assert.False(Directory.Exists($"/proc/{pid}"), $"The job (pid {pid}) still exists, running or as a zombie nobody reaped.");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("cronlock-no-such-program-anywhere", "NotFound")]
    [InlineData("/etc/passwd/not-a-directory", "NotFound")]
    [InlineData("/etc/passwd", "NotExecutable")]
    public async Task Run_WhenTheProgramCannotBeStarted_SaysWhetherItIsMissingOrNotExecutable(string program, string expected)
    {
        using var signals = new SignalRelay();
        var runner = new ChildRunner(Serilog.Core.Logger.None, TimeProvider.System);

        var outcome = await runner.RunAsync([System.Text.Encoding.UTF8.GetBytes(program)], program, new Dictionary<string, string?>(),
            new StopRules(TimeoutSeconds: 0, TimeoutSignal: Posix.SigTerm, KillAfterSeconds: 10, StopOnLockLoss: true),
            signals, TestContext.Current.CancellationToken);

        Assert.Equal(expected, outcome!.GetType().Name);
        Assert.StartsWith($"cannot run {program}: ", ((ChildOutcome.NotStarted)outcome).Reason);
    }

    /// <summary>Fails when the runner arms the job's timeout, once the job has written its pid (so it surely runs).</summary>
    private sealed class ClockFailingOnceTheJobRuns(string pidFile) : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var waited = Stopwatch.StartNew();
            while (!File.Exists(pidFile))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "The job did not write its pid within 10 s.");
                Thread.Sleep(10);
            }

            throw new InvalidOperationException("the clock broke\nat some depth");
        }
    }
}
