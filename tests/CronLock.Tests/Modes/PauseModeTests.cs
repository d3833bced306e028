using System.Collections;
using CronLock.Core.Locking;
using CronLock.Modes;
using CronLock.Options;
using CronLock.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace CronLock.Tests.Modes;

public sealed class PauseModeTests
{
    private static ModeContext Context(Dictionary<string, string> env, RunMode mode, bool all = false, IReadOnlyList<string>? command = null, TextWriter? output = null)
    {
        var options = OptionsValidator.Validate(
            EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()),
            command ?? (all ? [] : ["job.sh"]), mode, all: all).Options!;
        return new ModeContext(options, Serilog.Core.Logger.None, output ?? new StringWriter(), new SecretRedactor(), new FakeTimeProvider(), new Random(1), () => new Hashtable(), RunReport.None);
    }

    [Fact]
    public async Task Pause_WritesTheJobsPauseKey_WithWhoForHowLongAndWhy_AndExits0()
    {
        var pauses = new FakePauseSwitch();
        var output = new StringWriter();
        var context = Context(new() { ["CRONLOCK_KEY"] = "nightly", ["CRONLOCK_PAUSE_FOR"] = "2h", ["CRONLOCK_REASON"] = "db migration" }, RunMode.Pause, output: output);

        var outcome = await new PauseMode(context).PauseAsync(pauses, "host-a", "ops");

        Assert.Equal(0, outcome.ExitCode);
        var written = Assert.Single(pauses.Paused);
        Assert.Equal(("{cronlock.nightly}:paused", 7200, "host-a", "ops", "db migration", false), (written.Key, written.Seconds, written.Host, written.User, written.Reason, written.Global));
        Assert.Contains("cronlock.nightly: paused by host-a (ops) since 1970-01-01T00:16:40Z until 1970-01-01T02:16:40Z: db migration", output.ToString());
    }

    [Fact]
    public async Task Pause_All_WritesThePrefixsGlobalPause_UntilResume()
    {
        var pauses = new FakePauseSwitch();
        var output = new StringWriter();

        var outcome = await new PauseMode(Context([], RunMode.Pause, all: true, output: output)).PauseAsync(pauses, "host-a", "ops");

        Assert.Equal(0, outcome.ExitCode);
        var written = Assert.Single(pauses.Paused);
        Assert.Equal(("{cronlock.}:paused", 0, true), (written.Key, written.Seconds, written.Global));
        Assert.Contains("until --resume", output.ToString());
    }

    [Fact]
    public async Task Resume_DeletesThePauseKey_AndSaysWhenThereWasNone()
    {
        var pauses = new FakePauseSwitch { Answer = new PauseResult.Removed(WasPaused: false) };
        var output = new StringWriter();

        var outcome = await new PauseMode(Context([], RunMode.Resume, command: ["job.sh"], output: output)).ResumeAsync(pauses);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(new LockKeys(Context([], RunMode.Resume).Options.LockKey).Paused, Assert.Single(pauses.Resumed));
        Assert.Contains("was not paused", output.ToString());
    }

    [Fact]
    public async Task Pause_WhenRedisFails_Exits201WithItsError()
    {
        var pauses = new FakePauseSwitch { Answer = new PauseResult.Failed("Redlock: only 1 of 3 masters paused") };

        var outcome = await new PauseMode(Context([], RunMode.Pause)).PauseAsync(pauses, "h", "u");

        Assert.Equal(201, outcome.ExitCode);
        Assert.Equal("Redlock: only 1 of 3 masters paused", Assert.IsType<RunOutcome.Failed>(outcome).Error);
    }

    [Fact]
    public async Task ARunOfAPausedJob_Exits200_WithoutWaitingOutItsWait()
    {
        var paused = new AcquireResult.Paused(new PauseRecord("host-a", "", 1000, null, "", Global: true));
        var redisLock = new ScriptedLock(paused);
        var context = Contexts.For(new() { ["CRONLOCK_WAIT"] = "600" }, new FakeTimeProvider());

        var result = await new LockTaker(context).TakeAsync(redisLock, CancellationToken.None);

        Assert.Same(paused, result);
        Assert.Equal(1, redisLock.Tries);
        using var signals = new CronLock.Running.SignalRelay();
        Assert.Equal(200, NotTaken.Outcome(result, context.Log, signals).ExitCode);
    }

    [Fact]
    public void DryRun_OfAPausedJob_SaysPaused_Exit200()
    {
        var status = new CronLock.Inspection.LockStatus
        {
            Key = "cronlock.k",
            State = "free",
            Paused = new CronLock.Inspection.PauseInfo { Host = "host-a", Since = DateTimeOffset.FromUnixTimeSeconds(1000), Reason = "deploy", All = false },
        };

        var (verdict, action) = DryRunDecision.Decide(status, 1001, Contexts.For([], TimeProvider.System).Options);

        Assert.Equal(DryRunVerdict.Paused, verdict);
        Assert.Equal(200, new RunOutcome.DryRunShown(verdict).ExitCode);
        Assert.Contains("paused by host-a since 1970-01-01T00:16:40Z until --resume: deploy", action);
    }
}
