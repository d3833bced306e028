using CronLock.Modes;
using CronLock.Running;

namespace CronLock.Tests;

public sealed class ExitCodeTests
{
    private static readonly Dictionary<string, (RunOutcome Outcome, int Code)> Cases = new()
    {
        ["job exited 0"] = (new RunOutcome.JobFinished(new ChildOutcome.Exited(0)), 0),
        ["job exited 3"] = (new RunOutcome.JobFinished(new ChildOutcome.Exited(3)), 3),
        ["job killed by TERM"] = (new RunOutcome.JobFinished(new ChildOutcome.Signaled(15)), 143),
        ["job killed by KILL"] = (new RunOutcome.JobFinished(new ChildOutcome.Signaled(9)), 137),
        ["timeout"] = (new RunOutcome.JobFinished(new ChildOutcome.TimedOut(5)), 202),
        ["cronlock failed while the job ran"] = (new RunOutcome.JobFinished(new ChildOutcome.KilledOnError("bug")), 201),
        ["not found"] = (new RunOutcome.JobFinished(new ChildOutcome.NotFound("ENOENT")), 127),
        ["not executable"] = (new RunOutcome.JobFinished(new ChildOutcome.NotExecutable("EACCES")), 126),
        ["held elsewhere"] = (new RunOutcome.NotAcquired(), 200),
        ["reset"] = (new RunOutcome.ResetDone(), 200),
        ["cronlock error"] = (new RunOutcome.Failed("redis down"), 201),
        ["--status: free"] = (new RunOutcome.StatusShown(Held: false), 0),
        ["--status: held"] = (new RunOutcome.StatusShown(Held: true), 200),
        ["--list"] = (new RunOutcome.Listed(), 0),
        ["--acquire took it"] = (new RunOutcome.LockTaken(), 0),
        ["--unlock gave it back"] = (new RunOutcome.Unlocked(), 0),
        ["--unlock: wrong token"] = (new RunOutcome.WrongToken(), 204),
        ["lock lost, job stopped"] = (new RunOutcome.JobFinished(new ChildOutcome.StoppedOnLockLoss()), 203),
        ["TERM before the job started"] = (new RunOutcome.Interrupted(15), 143),
        ["--dry-run: would run"] = (new RunOutcome.DryRunShown(DryRunVerdict.Run), 0),
        ["--dry-run: held"] = (new RunOutcome.DryRunShown(DryRunVerdict.Held), 200),
        ["--dry-run: a run would fail"] = (new RunOutcome.DryRunShown(DryRunVerdict.Error), 201),
        ["slot overrun"] = (new RunOutcome.Overrun(), 205),
        ["--dry-run: slot already ran"] = (new RunOutcome.DryRunShown(DryRunVerdict.SlotAlreadyRan), 200),
        ["--dry-run: overrun"] = (new RunOutcome.DryRunShown(DryRunVerdict.Overrun), 205),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ExitCode_FollowsGolocksContract(string name)
    {
        var (outcome, expected) = Cases[name];

        Assert.Equal(expected, outcome.ExitCode);
    }

    [Theory]
    [InlineData(0x0000, 0)]
    [InlineData(0x0300, 3)]
    [InlineData(0xff00, 255)]
    public void WaitStatus_NormalExit_GivesTheCode(int status, int code)
    {
        Assert.Equal(new ChildOutcome.Exited(code), WaitStatus.Decode(status));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(0x80 | 11)] // SIGSEGV with a core dump
    public void WaitStatus_KilledBySignal_GivesTheSignal(int status)
    {
        Assert.Equal(new ChildOutcome.Signaled(status & 0x7f), WaitStatus.Decode(status));
    }
}
