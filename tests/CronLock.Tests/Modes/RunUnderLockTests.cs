using CronLock.Modes;
using CronLock.Running;
using Microsoft.Extensions.Time.Testing;

namespace CronLock.Tests.Modes;

/// <summary>What the main mode leaves behind: the lock kept for GRACE with the job's code, or nothing touched when nothing ran.</summary>
public sealed class RunUnderLockTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cronlock-run-under-lock-");

    private string Marker => Path.Combine(_directory.FullName, "ran");

    private string[] JobExiting(int code) => ["sh", "-c", $"touch '{Marker}'; exit {code}"];

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<RunOutcome> RunAsync(ScriptedLock redisLock, Dictionary<string, string> env, string[] command)
    {
        using var signals = new SignalRelay();
        return await new RunUnderLock(Contexts.For(env, new FakeTimeProvider(), command)).RunAsync(redisLock, signals);
    }

    [Fact]
    public async Task Run_JobExits3_KeepsTheLockForGraceRecordingCode3_AndExits3()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Acquired);

        var outcome = await RunAsync(redisLock, new() { ["CRONLOCK_GRACE"] = "30" }, JobExiting(3));

        Assert.Equal(new RunOutcome.JobFinished(new ChildOutcome.Exited(3)), outcome);
        Assert.Equal(["keep 30s for code 3"], redisLock.Leaves);
        Assert.True(File.Exists(Marker));
    }

    [Fact]
    public async Task Run_WhenHeldElsewhere_RunsNothingAndLeavesTheLockAlone()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Held);

        var outcome = await RunAsync(redisLock, [], JobExiting(0));

        Assert.IsType<RunOutcome.NotAcquired>(outcome);
        Assert.Empty(redisLock.Leaves);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public async Task Run_WhenReplicasDoNotConfirm_GivesTheLockBackAndStartsNothing()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Acquired) { ReplicasConfirming = 0 };

        var outcome = await RunAsync(redisLock, new() { ["CRONLOCK_MIN_REPLICAS"] = "1" }, JobExiting(0));

        Assert.Equal(201, outcome.ExitCode);
        Assert.Equal(["give back"], redisLock.Leaves);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public async Task Run_ProgramMissing_RecordsCode127AndExits127()
    {
        var redisLock = new ScriptedLock(ScriptedLock.Acquired);

        var outcome = await RunAsync(redisLock, new() { ["CRONLOCK_GRACE"] = "5" }, ["cronlock-no-such-program-anywhere"]);

        Assert.Equal(127, outcome.ExitCode);
        Assert.Equal(["keep 5s for code 127"], redisLock.Leaves);
    }
}
