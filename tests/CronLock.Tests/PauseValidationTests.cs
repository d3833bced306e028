using CronLock.Options;

namespace CronLock.Tests;

public sealed class PauseValidationTests
{
    private static ValidationResult Validate(Dictionary<string, string> env, RunMode? mode, bool all = false, IReadOnlyList<string>? command = null) =>
        OptionsValidator.Validate(EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()), command ?? ["job.sh"], mode, all: all);

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("2H", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("3650d", 315360000)]
    public void For_TakesSecondsOrAUnit(string text, int seconds)
    {
        Assert.Equal(seconds, Validate(new() { ["CRONLOCK_PAUSE_FOR"] = text }, RunMode.Pause).Options!.PauseSeconds);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5h")]
    [InlineData("2w")]
    [InlineData("h")]
    [InlineData(" 5")]
    [InlineData("3651d")]
    [InlineData("99999999999999999999s")]
    public void For_RefusesAnythingElse_NamingTheSetting(string text)
    {
        var error = Validate(new() { ["CRONLOCK_PAUSE_FOR"] = text }, RunMode.Pause).Error;

        Assert.StartsWith($"CRONLOCK_PAUSE_FOR (or --for) value \"{text}\" is not a duration", error);
    }

    [Fact]
    public void Pause_WithoutFor_LastsUntilResume()
    {
        Assert.Equal(0, Validate([], RunMode.Pause).Options!.PauseSeconds);
    }

    [Fact]
    public void For_WithoutPause_IsRefused()
    {
        foreach (var mode in new RunMode?[] { null, RunMode.Resume, RunMode.Status })
        {
            Assert.Equal("--for (CRONLOCK_PAUSE_FOR) only applies to --pause", Validate(new() { ["CRONLOCK_PAUSE_FOR"] = "1h" }, mode).Error);
        }
    }

    [Theory]
    [InlineData("CRONLOCK_RESET", "--reset cannot be combined with --pause")]
    [InlineData("CRONLOCK_DRY_RUN", "--dry-run cannot be combined with --pause")]
    public void Pause_WithAnotherMode_IsRefused(string variable, string error)
    {
        Assert.Equal(error, Validate(new() { [variable] = "yes" }, RunMode.Pause).Error);
    }

    [Fact]
    public void All_NeedsNoCommandNorKey_AndTakesNeither()
    {
        var options = Validate([], RunMode.Resume, all: true, command: []).Options!;
        Assert.True(options.PauseAll);

        Assert.StartsWith("--pause --all is for every job under the prefix", Validate([], RunMode.Pause, all: true).Error);
        Assert.StartsWith("--pause --all is for every job under the prefix", Validate(new() { ["CRONLOCK_KEY"] = "k" }, RunMode.Pause, all: true, command: []).Error);
        Assert.Equal("--all only applies to --pause and --resume", Validate([], RunMode.Status, all: true).Error);
    }

    [Fact]
    public void Pause_OfOneJob_NeedsItsCommandOrKey()
    {
        Assert.StartsWith("no command given: --pause needs the job's command", Validate([], RunMode.Pause, command: []).Error);
        Assert.Equal("cronlock.k", Validate(new() { ["CRONLOCK_KEY"] = "k" }, RunMode.Pause, command: []).Options!.LockKey);
    }
}
