using System.Diagnostics;
using CronLock.Reporting;

namespace CronLock.Tests.Reporting;

public sealed class RunReportTests
{
    [Fact]
    public async Task Finish_WaitsForTheSinksTogether_SoTheirBudgetsOverlap()
    {
        var sinks = Enumerable.Range(0, 3).Select(_ => new SlowSink(TimeSpan.FromMilliseconds(700))).ToList();
        var report = new RunReport(sinks);
        var at = DateTimeOffset.UnixEpoch;

        var clock = Stopwatch.StartNew();
        await report.FinishAsync(new RunRecord("k", "h", 1, "job", 1, at, at, 0, RunKind.Ran, null, null));

        Assert.All(sinks, sink => Assert.True(sink.Finished));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1800), $"took {clock.Elapsed}");
    }

    private sealed class SlowSink(TimeSpan delay) : IRunSink
    {
        public bool Finished { get; private set; }

        public void LockTaken(RunStart start)
        {
        }

        public async Task FinishedAsync(RunRecord record)
        {
            await Task.Delay(delay);
            Finished = true;
        }
    }
}
