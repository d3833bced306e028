using CronLock.Inspection;
using CronLock.Modes;
using CronLock.Options;

namespace CronLock.Tests.Modes;

public sealed class DryRunDecisionTests
{
    private const long Now = 1_700_000_000;

    private static CronLockOptions Options(Dictionary<string, string>? env = null) =>
        Contexts.For(env ?? [], TimeProvider.System).Options;

    private static LockStatus Lock(string state, long? expires = null, string? type = null) => new()
    {
        Key = "cronlock.k",
        State = state,
        KeyType = type,
        ExpiresAt = expires is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : null,
        TtlSeconds = state == "free" ? null : 30,
    };

    [Fact]
    public void Free_WouldRun_SayingWhatTheRunDoes()
    {
        var (verdict, action) = DryRunDecision.Decide(Lock("free"), Now, Options(new() { ["CRONLOCK_TIMEOUT"] = "600" }));

        Assert.Equal(DryRunVerdict.Run, verdict);
        Assert.Contains("run job.sh", action);
        Assert.Contains("86400s (CRONLOCK_RELEASE)", action);
        Assert.Contains("600s (CRONLOCK_TIMEOUT)", action);
        Assert.Contains("until at least 40s after the start (CRONLOCK_GRACE)", action);
    }

    [Theory]
    [InlineData("held")]
    [InlineData("foreign")]
    public void ExpiryStillToCome_IsHeld(string state)
    {
        var (verdict, action) = DryRunDecision.Decide(Lock(state, Now), Now, Options());

        Assert.Equal(DryRunVerdict.Held, verdict);
        Assert.Equal("a run would exit 200 and run nothing", action);
    }

    [Theory]
    [InlineData("held")]
    [InlineData("foreign")]
    public void ExpiryPassed_ByRedissClock_WouldBeTakenOver(string state)
    {
        var (verdict, action) = DryRunDecision.Decide(Lock(state, Now - 1), Now, Options());

        Assert.Equal(DryRunVerdict.Run, verdict);
        Assert.StartsWith("its time has passed, so a run would take it over", action);
    }

    [Fact]
    public void ForeignValueThatIsNoTime_IsHeld()
    {
        Assert.Equal(DryRunVerdict.Held, DryRunDecision.Decide(Lock("foreign"), Now, Options()).Verdict);
    }

    [Fact]
    public void Held_WithWait_SaysTheRunWouldWait()
    {
        var (verdict, action) = DryRunDecision.Decide(Lock("held", Now + 100), Now, Options(new() { ["CRONLOCK_WAIT"] = "120" }));

        Assert.Equal(DryRunVerdict.Held, verdict);
        Assert.Contains("wait up to 120s (CRONLOCK_WAIT)", action);
    }

    [Fact]
    public void NotALock_WouldFail()
    {
        Assert.Equal(DryRunVerdict.Error, DryRunDecision.Decide(Lock("not_a_lock", type: "hash"), Now, Options()).Verdict);
    }

    [Fact]
    public void Lease_IsNamedInsteadOfRelease()
    {
        var (_, action) = DryRunDecision.Decide(Lock("free"), Now, Options(new() { ["CRONLOCK_LEASE"] = "30" }));

        Assert.Contains("30s renewed while the job runs (CRONLOCK_LEASE)", action);
    }
}
