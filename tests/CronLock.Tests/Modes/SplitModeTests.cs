using CronLock.Core.Locking;
using CronLock.Modes;
using CronLock.Running;
using Microsoft.Extensions.Time.Testing;

namespace CronLock.Tests.Modes;

public sealed class SplitModeTests
{
    [Fact]
    public async Task Unlock_WithATokenThatDoesNotHoldTheLock_Exits204()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Acquired) { LeaveAnswer = new LeaveResult.NotOurs() };

        var outcome = await new SplitMode(Contexts.For([], new FakeTimeProvider())).UnlockAsync(redisLock);

        Assert.Equal(204, outcome.ExitCode);
    }

    [Fact]
    public async Task Acquire_PrintsTheHoldersToken()
    {
        var output = new StringWriter();
        var holder = Holder.ForThisProcess("job.sh", new Random(3));
        using var signals = new SignalRelay();

        var outcome = await new SplitMode(Contexts.For([], new FakeTimeProvider(), output: output)).AcquireAsync(new ScriptedLock(ScriptedLock.Acquired), holder, signals);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(holder.Id + Environment.NewLine, output.ToString());
    }

    [Fact]
    public async Task Acquire_WhenTheTokenCannotBePrinted_GivesTheLockBackAndFails()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Acquired);
        using var signals = new SignalRelay();

        var outcome = await new SplitMode(Contexts.For([], new FakeTimeProvider(), output: new BrokenPipe()))
            .AcquireAsync(redisLock, Holder.ForThisProcess("job.sh", new Random(3)), signals);

        var failed = Assert.IsType<RunOutcome.Failed>(outcome);
        Assert.EndsWith("; gave the lock back", failed.Error);
        Assert.Equal(["release"], redisLock.Leaves);
    }

    private sealed class BrokenPipe : StringWriter
    {
        public override Task WriteLineAsync(string? value) => throw new IOException("Broken pipe");
    }
}
