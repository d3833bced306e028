using CronLock.Reporting;
using CronLock.Running;

namespace CronLock.Tests;

/// <summary>Each outcome as a run for the reporting sinks: the outcome label metrics, history and webhook use.</summary>
public sealed class RunKindTests
{
    [Fact]
    public void A_job_that_ran_is_ran_whatever_its_code() =>
        Assert.Equal(RunKind.Ran, new RunOutcome.JobFinished(new ChildOutcome.Exited(3)).Kind);

    [Fact]
    public void A_timeout_a_lost_lock_and_an_unstartable_job_are_named()
    {
        Assert.Equal(RunKind.Timeout, new RunOutcome.JobFinished(new ChildOutcome.TimedOut(5)).Kind);
        Assert.Equal(RunKind.Lost, new RunOutcome.JobFinished(new ChildOutcome.StoppedOnLockLoss()).Kind);
        Assert.Equal(RunKind.Error, new RunOutcome.JobFinished(new ChildOutcome.NotFound("no such file")).Kind);
        Assert.Equal("no such file", new RunOutcome.JobFinished(new ChildOutcome.NotFound("no such file")).Reason);
    }

    [Fact]
    public void Held_and_failed_runs_report_and_other_modes_do_not()
    {
        Assert.Equal(RunKind.Held, new RunOutcome.NotAcquired().Kind);
        Assert.Equal(RunKind.Held, new RunOutcome.Overrun().Kind);
        Assert.StartsWith("overrun", new RunOutcome.Overrun().Reason, StringComparison.Ordinal);
        Assert.Equal(RunKind.Error, new RunOutcome.Failed("Redis: refused").Kind);
        Assert.Equal("Redis: refused", new RunOutcome.Failed("Redis: refused").Reason);
        Assert.Null(new RunOutcome.Listed().Kind);
        Assert.Null(new RunOutcome.ResetDone().Kind);
        Assert.Null(new RunOutcome.Interrupted(15).Kind);
    }
}
