using CronLock.Options;

namespace CronLock.Tests;

public sealed class OptionsValidatorTests
{
    private static readonly string[] Job = ["backup.sh"];

    private static ValidationResult Validate(IReadOnlyDictionary<string, string> env, IReadOnlyDictionary<Setting, string>? flags = null, IReadOnlyList<string>? command = null) =>
        OptionsValidator.Validate(
            EnvironmentSource.Read(name => env.GetValueOrDefault(name), flags ?? new Dictionary<Setting, string>()),
            command ?? Job);

    [Fact]
    public void Validate_WithNothingSet_GivesGolocksDefaults()
    {
        var options = Validate(new Dictionary<string, string>()).Options!;

        Assert.Equal(RedisTopology.Single, options.Redis.Topology);
        Assert.Equal([new HostPort("localhost", 6379)], options.Redis.Endpoints);
        Assert.Null(options.Redis.Password);
        Assert.Equal(0, options.Redis.Database);
        Assert.Equal(30, options.Redis.TimeoutSeconds);
        Assert.Equal(5, options.Redis.ConnectTries);
        Assert.Equal(5, options.Redis.ReconnectBackoffSeconds);
        Assert.Equal(40, options.GraceSeconds);
        Assert.Equal(86400, options.ReleaseSeconds);
        Assert.Equal(0, options.TimeoutSeconds);
        Assert.False(options.Redis.Tls || options.Redis.TlsSkipVerify || options.Verbose);
        Assert.Equal(RunMode.Run, options.Mode);
        Assert.Equal(0, options.LeaseSeconds);
        Assert.Equal(9, options.TimeoutSignal);
        Assert.Equal(10, options.KillAfterSeconds);
        Assert.Equal(LostLockPolicy.Kill, options.OnLost);
        Assert.Equal(0, options.WaitSeconds);
        Assert.Equal("cronlock.185accf3472a7ada6207586b6f31a4c0", options.LockKey); // printf 'backup.sh' | md5sum
    }

    [Theory]
    [InlineData("CRONLOCK_PORT", "abc", "is not a port number")]
    [InlineData("CRONLOCK_PORT", "70000", "is not a port number")]
    [InlineData("CRONLOCK_PORT", "0", "is not a port number")]
    [InlineData("CRONLOCK_PORT", " 6379", "is not a port number")]
    [InlineData("CRONLOCK_DB", "-1", "is not a database number")]
    [InlineData("CRONLOCK_TIMEOUT", "-1", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_TIMEOUT", "1.5", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_GRACE", "ten", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_RELEASE", "0", "is not a whole number of seconds (1-315360000)")]
    [InlineData("CRONLOCK_REDIS_TIMEOUT", "0", "is not a whole number of seconds (1-3600)")]
    [InlineData("CRONLOCK_RECONNECT_ATTEMPTS", "many", "is not a number of tries")]
    [InlineData("CRONLOCK_RECONNECT_BACKOFF", "-5", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_VERBOSE", "maybe", "is not a boolean")]
    [InlineData("CRONLOCK_TLS", "2", "is not a boolean")]
    [InlineData("CRONLOCK_TLS_SKIP_VERIFY", "y", "is not a boolean")]
    [InlineData("CRONLOCK_RESET", "please", "is not a boolean")]
    [InlineData("CRONLOCK_KEY_COMPAT", "bogus", "is not a key style")]
    [InlineData("CRONLOCK_HOST", "redis host", "is not a host name")]
    [InlineData("CRONLOCK_TIMEOUT_SIGNAL", "HUP", "is not a timeout signal")]
    [InlineData("CRONLOCK_KILL_AFTER", "soon", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_LEASE", "-3", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_ON_LOST", "ignore", "is not a lost-lock policy")]
    [InlineData("CRONLOCK_WAIT", "forever", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_SPLAY", "1.5", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_SPLAY", "-1", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_SPLAY", "30s", "is not a whole number of seconds")]
    [InlineData("CRONLOCK_DRY_RUN", "maybe", "is not a boolean")]
    public void Validate_BadValue_NamesTheSettingAndTheValue(string variable, string value, string problem)
    {
        var error = Validate(new Dictionary<string, string> { [variable] = value }).Error;

        Assert.NotNull(error);
        Assert.Contains(variable, error);
        Assert.Contains($"\"{value}\"", error);
        Assert.Contains(problem, error);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("CRONLOCK_TIMEOUT", "315360001", "(0-315360000)")]
    [InlineData("CRONLOCK_KILL_AFTER", "315360001", "(0-315360000)")]
    [InlineData("CRONLOCK_LEASE", "315360001", "(0-315360000)")]
    [InlineData("CRONLOCK_RELEASE", "315360001", "(1-315360000)")]
    [InlineData("CRONLOCK_RELEASE", "999999999999", "(1-315360000)")]
    [InlineData("CRONLOCK_GRACE", "315360001", "(0-315360000)")]
    [InlineData("CRONLOCK_WAIT", "315360001", "(0-315360000)")]
    [InlineData("CRONLOCK_WAIT", "2147483648", "(0-315360000)")]
    [InlineData("CRONLOCK_SPLAY", "315360001", "(0-315360000)")]
    [InlineData("CRONLOCK_REDIS_TIMEOUT", "3601", "(1-3600)")]
    [InlineData("CRONLOCK_REDIS_TIMEOUT", "315360000", "(1-3600)")]
    [InlineData("CRONLOCK_RECONNECT_BACKOFF", "3601", "(0-3600)")]
    public void Validate_DurationPastItsMaximum_NamesTheSettingAndTheMaximum(string variable, string value, string range)
    {
        var error = Validate(new Dictionary<string, string> { [variable] = value }).Error;

        var flag = "--" + variable["CRONLOCK_".Length..].ToLowerInvariant().Replace('_', '-');
        Assert.Equal($"{variable} (or {flag}) value \"{value}\" is not a whole number of seconds {range}", error);
    }

    [Fact]
    public void Validate_ReleaseFlagPastItsMaximum_NamesTheFlagAndTheMaximum()
    {
        var error = Validate(new Dictionary<string, string>(), new Dictionary<Setting, string> { [Settings.Release] = "999999999999" }).Error;

        Assert.Equal("--release (or CRONLOCK_RELEASE) value \"999999999999\" is not a whole number of seconds (1-315360000)", error);
    }

    [Theory]
    [InlineData("CRONLOCK_TIMEOUT", "315360000")]
    [InlineData("CRONLOCK_KILL_AFTER", "315360000")]
    [InlineData("CRONLOCK_LEASE", "315360000")]
    [InlineData("CRONLOCK_GRACE", "315360000")]
    [InlineData("CRONLOCK_WAIT", "315360000")]
    [InlineData("CRONLOCK_SPLAY", "315360000")]
    [InlineData("CRONLOCK_REDIS_TIMEOUT", "3600")]
    [InlineData("CRONLOCK_RECONNECT_BACKOFF", "3600")]
    public void Validate_DurationAtItsMaximum_IsAccepted(string variable, string value)
    {
        var result = Validate(new Dictionary<string, string> { [variable] = value, ["CRONLOCK_RELEASE"] = "315360000" });

        Assert.Null(result.Error);
    }

    [Fact]
    public void Validate_GraceAboveRelease_IsRefused()
    {
        var error = Validate(new Dictionary<string, string> { ["CRONLOCK_GRACE"] = "100", ["CRONLOCK_RELEASE"] = "60" }).Error;

        Assert.Equal("CRONLOCK_GRACE (100) must not exceed CRONLOCK_RELEASE (60): a lock cannot outlive its maximum", error);
    }

    [Fact]
    public void Validate_NoCommand_IsRefused()
    {
        Assert.StartsWith("no command given", Validate(new Dictionary<string, string>(), command: []).Error);
    }

    [Fact]
    public void Validate_ResetWithKeyAndNoCommand_IsAccepted()
    {
        var options = Validate(new Dictionary<string, string> { ["CRONLOCK_RESET"] = "yes", ["CRONLOCK_KEY"] = "nightly" }, command: []).Options!;

        Assert.Equal(RunMode.Reset, options.Mode);
        Assert.Equal("cronlock.nightly", options.LockKey);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("YES", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("no", false)]
    [InlineData("FALSE", false)]
    [InlineData("0", false)]
    [InlineData("Off", false)]
    public void Validate_Booleans_TakeEveryUsualSpelling(string text, bool expected)
    {
        Assert.Equal(expected, Validate(new Dictionary<string, string> { ["CRONLOCK_TLS"] = text }).Options!.Redis.Tls);
    }

    [Fact]
    public void Validate_FlagBeatsEnvironment_AndTheErrorNamesTheFlag()
    {
        var env = new Dictionary<string, string> { ["CRONLOCK_PORT"] = "6000" };

        Assert.Equal(7000, Validate(env, new Dictionary<Setting, string> { [Settings.Port] = "7000" }).Options!.Redis.Endpoints[0].Port);
        var error = Validate(env, new Dictionary<Setting, string> { [Settings.Port] = "x" }).Error!;
        Assert.StartsWith("--port (or CRONLOCK_PORT) value \"x\"", error);
    }

    [Fact]
    public void Validate_EmptyPrefix_MeansNoPrefix_WhileOtherEmptyValuesMeanUnset()
    {
        var options = Validate(new Dictionary<string, string> { ["CRONLOCK_PREFIX"] = "", ["CRONLOCK_PORT"] = "", ["CRONLOCK_KEY"] = "" }).Options!;

        Assert.Equal("185accf3472a7ada6207586b6f31a4c0", options.LockKey);
        Assert.Equal(6379, options.Redis.Endpoints[0].Port);
    }

    [Fact]
    public void Validate_ReconnectAttemptsZero_StillTriesOnce()
    {
        Assert.Equal(1, Validate(new Dictionary<string, string> { ["CRONLOCK_RECONNECT_ATTEMPTS"] = "0" }).Options!.Redis.ConnectTries);
    }

    [Fact]
    public void Validate_KeyCompatCronlock_HashesWithTheTrailingNewline()
    {
        var options = Validate(new Dictionary<string, string> { ["CRONLOCK_KEY_COMPAT"] = "cronlock" }, command: ["ls", "-la"]).Options!;

        Assert.Equal("cronlock.f843552f9ce4c17fedc37e454936df75", options.LockKey); // echo "ls -la" | md5sum
    }

    [Fact]
    public void Validate_ArgumentThatIsNotUtf8_HashesTheBytesOfArgv()
    {
        // cronlock --verbose printf %s caf\xe9, which .NET parsed as "caf\uFFFD". printf 'printf %%s caf\xe9' | md5sum
        byte[][] argv = ["--verbose"u8.ToArray(), "printf"u8.ToArray(), "%s"u8.ToArray(), [0x63, 0x61, 0x66, 0xe9]];

        var options = OptionsValidator.Validate(EnvironmentSource.Read(_ => null, new Dictionary<Setting, string>()), ["printf", "%s", "caf\uFFFD"], processArguments: argv).Options!;

        Assert.Equal("cronlock.61950eee724a385f240257b160a5f0e4", options.LockKey);
        Assert.Equal(argv[1..], options.CommandBytes);
    }

    [Fact]
    public void Validate_BadPassword_IsNeverEchoed()
    {
        // There is nothing to validate in a password, so no error can ever quote it.
        var result = Validate(new Dictionary<string, string> { ["CRONLOCK_AUTH"] = "s3cret\"pw" });

        Assert.Equal("s3cret\"pw", result.Options!.Redis.Password);
    }

    [Fact]
    public void Validate_LeaseAboveRelease_IsRefused()
    {
        var error = Validate(new Dictionary<string, string> { ["CRONLOCK_LEASE"] = "120", ["CRONLOCK_RELEASE"] = "60", ["CRONLOCK_GRACE"] = "0" }).Error;

        Assert.StartsWith("CRONLOCK_LEASE (120) must not exceed CRONLOCK_RELEASE (60)", error);
    }

    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("sigterm", 15)]
    [InlineData("KILL", 9)]
    public void Validate_TimeoutSignal_TakesNamesInAnyCase(string text, int signal)
    {
        Assert.Equal(signal, Validate(new Dictionary<string, string> { ["CRONLOCK_TIMEOUT_SIGNAL"] = text }).Options!.TimeoutSignal);
    }

    [Fact]
    public void Validate_ListNeedsNoCommand_StatusNeedsOneOrAKey()
    {
        Assert.Equal(RunMode.List, OptionsValidator.Validate(EnvironmentSource.Read(_ => null, new Dictionary<Setting, string>()), [], RunMode.List).Options!.Mode);
        Assert.StartsWith("no command given: --status", OptionsValidator.Validate(EnvironmentSource.Read(_ => null, new Dictionary<Setting, string>()), [], RunMode.Status).Error);
        Assert.Equal("--json only applies to --status, --list, --history and --dry-run", OptionsValidator.Validate(EnvironmentSource.Read(_ => null, new Dictionary<Setting, string>()), Job, null, json: true).Error);
    }

    [Fact]
    public void Validate_SplayAndDryRun_AreOffByDefault_AndReadWhenGiven()
    {
        var defaults = Validate(new Dictionary<string, string>()).Options!;
        var given = Validate(new Dictionary<string, string> { ["CRONLOCK_SPLAY"] = "300" }, new Dictionary<Setting, string> { [Settings.DryRun] = "yes" }).Options!;

        Assert.Equal(0, defaults.SplaySeconds);
        Assert.Equal(300, given.SplaySeconds);
        Assert.Equal(RunMode.DryRun, given.Mode);
    }

    [Theory]
    [InlineData("Status", "--dry-run cannot be combined with --status")]
    [InlineData("List", "--dry-run cannot be combined with --list")]
    [InlineData("Acquire", "--dry-run cannot be combined with --acquire")]
    [InlineData("Unlock", "--dry-run cannot be combined with --unlock")]
    public void Validate_DryRunWithAnotherMode_IsRefused(string modeName, string error)
    {
        var mode = Enum.Parse<RunMode>(modeName);
        var raw = EnvironmentSource.Read(_ => null, new Dictionary<Setting, string> { [Settings.DryRun] = "yes" });

        Assert.Equal(error, OptionsValidator.Validate(raw, Job, mode, unlockToken: "t").Error);
    }

    [Fact]
    public void Validate_DryRunWithReset_IsRefused_AndAsksForACommandAsARunDoes()
    {
        Assert.Equal("--dry-run cannot be combined with --reset",
            Validate(new Dictionary<string, string> { ["CRONLOCK_RESET"] = "yes", ["CRONLOCK_DRY_RUN"] = "yes" }).Error);
        Assert.StartsWith("no command given: usage is cronlock",
            Validate(new Dictionary<string, string> { ["CRONLOCK_DRY_RUN"] = "yes", ["CRONLOCK_KEY"] = "k" }, command: []).Error);
        Assert.Contains("must not exceed",
            Validate(new Dictionary<string, string> { ["CRONLOCK_DRY_RUN"] = "yes", ["CRONLOCK_GRACE"] = "100", ["CRONLOCK_RELEASE"] = "60" }).Error);
    }

    [Fact]
    public void Validate_DryRunTakesJson()
    {
        var raw = EnvironmentSource.Read(_ => null, new Dictionary<Setting, string> { [Settings.DryRun] = "yes" });

        Assert.True(OptionsValidator.Validate(raw, Job, null, json: true).Options!.Json);
    }
}
