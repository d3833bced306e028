namespace CronLock.IntegrationTests;

/// <summary>
/// Anything cronlock cannot parse is refused before anything happens: exit 201, one stderr line naming the
/// setting and the value, no lock, and the job (which would create a marker file) never starts.
/// </summary>
public sealed class BadInputTests(RedisFixture redis)
{
    [Theory]
    [InlineData("CRONLOCK_PORT", "abc", null, null)]
    [InlineData("CRONLOCK_PORT", "70000", null, null)]
    [InlineData("CRONLOCK_PORT", "-1", null, null)]
    [InlineData("CRONLOCK_DB", "-1", null, null)]
    [InlineData("CRONLOCK_DB", "three", null, null)]
    [InlineData("CRONLOCK_REDIS_TIMEOUT", "soon", null, null)]
    [InlineData("CRONLOCK_RECONNECT_ATTEMPTS", "many", null, null)]
    [InlineData("CRONLOCK_RECONNECT_BACKOFF", "-5", null, null)]
    [InlineData("CRONLOCK_GRACE", "abc", null, null)]
    [InlineData("CRONLOCK_GRACE", "100", "CRONLOCK_RELEASE", "50")]
    [InlineData("CRONLOCK_RELEASE", "0", null, null)]
    [InlineData("CRONLOCK_RELEASE", "-1", null, null)]
    [InlineData("CRONLOCK_TIMEOUT", "-1", null, null)]
    [InlineData("CRONLOCK_TIMEOUT", "1.5x", null, null)]
    [InlineData("CRONLOCK_KEY_COMPAT", "bogus", null, null)]
    [InlineData("CRONLOCK_TLS", "perhaps", null, null)]
    [InlineData("CRONLOCK_TLS_SKIP_VERIFY", "2", null, null)]
    [InlineData("CRONLOCK_VERBOSE", "maybe", null, null)]
    [InlineData("CRONLOCK_RESET", "sometimes", null, null)]
    public async Task Run_WithBadEnvironmentValue_Exits201NamingVariableAndValue(string variable, string value, string? otherVariable, string? otherValue)
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(arguments).WithEnvironment(variable, value);
        if (otherVariable is not null)
        {
            invocation = invocation.WithEnvironment(otherVariable, otherValue);
        }

        var result = await RunAsync(invocation);

        await AssertRefusedAsync(result, workspace, arguments, variable, value);
    }

    [Theory]
    [InlineData(new[] { "--port", "abc" }, "port", "abc")]
    [InlineData(new[] { "--port", "70000" }, "port", "70000")]
    [InlineData(new[] { "--timeout", "-1" }, "timeout", "-1")]
    [InlineData(new[] { "--grace", "100", "--release", "50" }, "grace", "100")]
    [InlineData(new[] { "--release", "0" }, "release", "0")]
    [InlineData(new[] { "--db", "-1" }, "db", "-1")]
    [InlineData(new[] { "--key-compat", "bogus" }, "key-compat", "bogus")]
    public async Task Run_WithBadFlagValue_Exits201NamingSettingAndValue(string[] flags, string setting, string value)
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(new CronLockInvocation([.. flags, .. arguments]));

        await AssertRefusedAsync(result, workspace, arguments, ["--" + setting, "CRONLOCK_" + setting.ToUpperInvariant().Replace('-', '_')], value);
    }

    [Fact]
    public async Task Run_WithUnknownFlag_Exits201NamingIt()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(new CronLockInvocation(["--bogus", .. arguments]));

        await AssertRefusedAsync(result, workspace, arguments, "--bogus", value: null);
    }

    [Theory]
    [InlineData("--timeout", "--nightly")] // the job's own flag would be the "unknown option"
    [InlineData("--timeout", null)] // there would be "no command given"
    [InlineData("--wait", "--full")]
    public async Task Run_NumericFlagWrittenWithoutItsValue_NamesThatFlagNotTheJob(string flag, string? jobFlag)
    {
        using var workspace = Workspace.Create();
        var job = workspace.WriteScript("job.sh", $"echo ran >> '{workspace.PathOf("ran")}'");
        string[] arguments = jobFlag is null ? [flag, job] : [flag, job, jobFlag];

        var result = await RunAsync(new CronLockInvocation(arguments));

        await AssertRefusedAsync(result, workspace, [job], flag, job);
        Assert.Equal($"error: {flag}: \"{job}\" is not a number of seconds", MessageOf(result.StandardErrorLines[0]));
        if (jobFlag is not null)
        {
            await LockAssertions.AssertAbsentAsync(redis.Database(), ExpectedKey.ForArguments([job, jobFlag]), "bad input must not take a lock");
        }
    }

    [Theory]
    [InlineData("--verbos", "unknown option --verbos (did you mean --verbose?)")]
    [InlineData("--tsl", "unknown option --tsl (did you mean --tls?)")]
    [InlineData("--gracee=5", "unknown option --gracee=5 (did you mean --grace?)")]
    [InlineData("--bogus", "unknown option --bogus (put -- before a command that starts with a dash)")]
    public async Task Run_WithUnknownFlag_SuggestsTheFlagOneEditAway(string flag, string message)
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(new CronLockInvocation([flag, .. arguments]));

        await AssertRefusedAsync(result, workspace, arguments, flag, value: null);
        Assert.Equal("error: " + message, MessageOf(result.StandardErrorLines[0]));
    }

    /// <summary>A log line without its "TIME cronlock[PID] " head: "error: ...".</summary>
    internal static string MessageOf(string line) => line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..];

    public static TheoryData<string[]> ArgumentsWithoutCommand => new()
    {
        Array.Empty<string>(),
        new[] { "--" },
        new[] { "--grace", "5" },
        new[] { "--verbose", "--" },
    };

    [Theory]
    [MemberData(nameof(ArgumentsWithoutCommand))]
    public async Task Run_WithNoCommand_Exits201SayingSo(string[] arguments)
    {
        var result = await RunAsync(new CronLockInvocation(arguments));

        result.ShouldExitWith(201);
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains("command", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);

    private Task AssertRefusedAsync(CronLockResult result, Workspace workspace, string[] jobArguments, string setting, string? value) =>
        AssertRefusedAsync(result, workspace, jobArguments, [setting], value);

    /// <param name="settingNames">Any one of these must appear (a flag's error may name the flag or its variable).</param>
    private async Task AssertRefusedAsync(CronLockResult result, Workspace workspace, string[] jobArguments, string[] settingNames, string? value)
    {
        result.ShouldExitWith(201);
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.True(settingNames.Any(name => result.StandardError.Contains(name, StringComparison.Ordinal)),
            $"The error should name {string.Join(" or ", settingNames)}.\n{result}");
        if (value is not null)
        {
            Assert.True(result.StandardError.Contains(value, StringComparison.Ordinal), $"The error should show the value '{value}'.\n{result}");
        }

        Assert.Empty(workspace.LinesOf("ran"));
        await LockAssertions.AssertAbsentAsync(redis.Database(), ExpectedKey.ForArguments(jobArguments), "bad input must not take a lock");
    }
}
