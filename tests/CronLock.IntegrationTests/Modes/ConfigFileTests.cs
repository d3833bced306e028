namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// bash cronlock's config file (<c>--config</c>, <c>CRONLOCK_CONFIG</c>, <c>/etc/cronlock.conf</c>): shell-style
/// <c>CRONLOCK_X=value</c> lines read without a shell; a flag beats the env var, which beats the file. A bad
/// file is a 201 naming file and line, and the job never starts.
/// </summary>
public sealed class ConfigFileTests(RedisFixture redis)
{
    [Fact]
    public async Task Run_WithConfigFlag_AppliesTheFilesValues()
    {
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        // The file also names the server: the test's CRONLOCK_HOST / CRONLOCK_PORT are removed.
        var config = WriteConfig(workspace, $"""
            # CronLock settings, as bash cronlock's /etc/cronlock.conf holds them

            export CRONLOCK_HOST="{redis.Endpoint.Host}"
            CRONLOCK_PORT={redis.Endpoint.Port}
            CRONLOCK_KEY='{key}'
              CRONLOCK_GRACE=7   # seconds
            CRONLOCK_REASON="nightly \$5 report # not a comment"
            """);
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(["--config", config, .. job])
            .WithEnvironment("CRONLOCK_HOST", null)
            .WithEnvironment("CRONLOCK_PORT", null);

        var before = UnixTime.Floor;
        (await RunAsync(invocation)).ShouldExitWith(0);

        Assert.Single(workspace.LinesOf("ran"));
        // KEY from the file (not md5 of the job), GRACE 7 from the file: kept until start + 8.
        await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.DefaultPrefix + key, before + 8, UnixTime.Ceiling + 8,
            maxTtl: TimeSpan.FromSeconds(8), minTtl: TimeSpan.FromSeconds(4));
        Assert.False(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(job)), "The job's md5 key was locked although the file sets CRONLOCK_KEY.");
        Assert.Equal("nightly $5 report # not a comment", (await new SplitModeCli(redis.Endpoint, key).StatusJsonAsync()).Reason);
    }

    [Fact]
    public async Task Run_WithConfigVariable_AppliesTheFilesValues()
    {
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        var config = WriteConfig(workspace, $"CRONLOCK_KEY={key}\nCRONLOCK_GRACE=7\n");
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran"))).WithEnvironment("CRONLOCK_CONFIG", config);

        var before = UnixTime.Floor;
        (await RunAsync(invocation)).ShouldExitWith(0);

        Assert.Single(workspace.LinesOf("ran"));
        await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.DefaultPrefix + key, before + 8, UnixTime.Ceiling + 8,
            maxTtl: TimeSpan.FromSeconds(8), minTtl: TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Run_WithConfigFlagAndConfigVariable_ReadsTheFlagsFile()
    {
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        var fromFlag = WriteConfig(workspace, $"CRONLOCK_KEY={key}\n", "flag.conf");
        var fromVariable = WriteConfig(workspace, "this line would be refused\n", "variable.conf");
        var invocation = new CronLockInvocation(["--config", fromFlag, .. Jobs.AppendLine(workspace.PathOf("ran"))])
            .WithEnvironment("CRONLOCK_CONFIG", fromVariable);

        (await RunAsync(invocation)).ShouldExitWith(0);

        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await redis.Database().KeyExistsAsync(ExpectedKey.DefaultPrefix + key), "The run did not use the --config file's key.");
    }

    [Fact]
    public async Task Run_WithVariableAndFile_TheVariableBeatsTheFile()
    {
        using var workspace = Workspace.Create();
        var fileKey = TestNames.Key("file");
        var variableKey = TestNames.Key("variable");
        var config = WriteConfig(workspace, $"CRONLOCK_KEY={fileKey}\nCRONLOCK_GRACE=30\n");
        var invocation = new CronLockInvocation(["--config", config, .. Jobs.AppendLine(workspace.PathOf("ran"))])
            .WithEnvironment("CRONLOCK_KEY", variableKey)
            .WithEnvironment("CRONLOCK_GRACE", "7");

        var before = UnixTime.Floor;
        (await RunAsync(invocation)).ShouldExitWith(0);

        await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.DefaultPrefix + variableKey, before + 8, UnixTime.Ceiling + 8,
            maxTtl: TimeSpan.FromSeconds(8), minTtl: TimeSpan.FromSeconds(4));
        Assert.False(await redis.Database().KeyExistsAsync(ExpectedKey.DefaultPrefix + fileKey), "The file's CRONLOCK_KEY beat the environment's.");
    }

    [Fact]
    public async Task Run_WithFlagVariableAndFile_TheFlagBeatsBoth()
    {
        using var workspace = Workspace.Create();
        var fileKey = TestNames.Key("file");
        var variableKey = TestNames.Key("variable");
        var flagKey = TestNames.Key("flag");
        var config = WriteConfig(workspace, $"CRONLOCK_KEY={fileKey}\nCRONLOCK_GRACE=30\n");
        var invocation = new CronLockInvocation(["--config", config, "--key", flagKey, "--grace", "7", .. Jobs.AppendLine(workspace.PathOf("ran"))])
            .WithEnvironment("CRONLOCK_KEY", variableKey)
            .WithEnvironment("CRONLOCK_GRACE", "20");

        var before = UnixTime.Floor;
        (await RunAsync(invocation)).ShouldExitWith(0);

        await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.DefaultPrefix + flagKey, before + 8, UnixTime.Ceiling + 8,
            maxTtl: TimeSpan.FromSeconds(8), minTtl: TimeSpan.FromSeconds(4));
        Assert.False(await redis.Database().KeyExistsAsync(ExpectedKey.DefaultPrefix + fileKey), "The file's CRONLOCK_KEY beat the flag.");
        Assert.False(await redis.Database().KeyExistsAsync(ExpectedKey.DefaultPrefix + variableKey), "CRONLOCK_KEY beat the flag.");
    }

    [Fact]
    public async Task Acquire_WithReasonInTheFile_StoresIt()
    {
        using var workspace = Workspace.Create();
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var config = WriteConfig(workspace, "CRONLOCK_REASON='Upgrade RPMs on node-3'\nCRONLOCK_RELEASE=60\n");

        var token = SplitModeCli.TokenOf((await RunAsync(new CronLockInvocation(["--acquire", "--key", cli.Key]).WithEnvironment("CRONLOCK_CONFIG", config)))
            .ShouldExitWith(0));
        try
        {
            var status = await cli.StatusJsonAsync();
            Assert.Equal("Upgrade RPMs on node-3", status.Reason);
            Assert.True(status.TtlSeconds is > 50 and <= 60, $"RELEASE=60 from the file should bound the lock; TTL is {status.TtlSeconds}.");
        }
        finally
        {
            await cli.UnlockAsync(token);
        }
    }

    /// <summary>Lines a shell reads without expanding anything; each must mean to CronLock what it means to sh.</summary>
    public static TheoryData<string> ShellStyleLines =>
    [
        "CRONLOCK_REASON=plain",
        "export CRONLOCK_REASON=exported",
        "   CRONLOCK_REASON=indented",
        "CRONLOCK_REASON=\"double quoted\"",
        "CRONLOCK_REASON='single quoted'",
        "CRONLOCK_REASON='a \"b\" c'",
        "CRONLOCK_REASON=\"it's \\\"quoted\\\" \\$5\"",
        "CRONLOCK_REASON=\"hash # inside\"",
        "CRONLOCK_REASON=plain # trailing comment",
        "CRONLOCK_REASON='single' # trailing comment",
        "CRONLOCK_REASON=\"double\" # trailing comment",
        "CRONLOCK_REASON=",
    ];

    [Theory]
    [MemberData(nameof(ShellStyleLines))]
    public async Task Acquire_WithAShellStyleLine_StoresTheValueShWouldSee(string line)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var config = WriteConfig(workspace, $"# written by a test\n{line}\nCRONLOCK_RELEASE=60\n");
        // The oracle: what sh itself makes of the file.
        var expected = (await ShellScript.RunAsync(redis.Endpoint, ". \"$CONFIG\" && printf %s \"$CRONLOCK_REASON\"",
            new Dictionary<string, string> { ["CONFIG"] = config }, cancellationToken)).StandardOutput;

        var acquired = await RunAsync(new CronLockInvocation(["--config", config, "--acquire", "--key", cli.Key]));
        var token = SplitModeCli.TokenOf(acquired.ShouldExitWith(0));
        try
        {
            Assert.Equal(expected, (await cli.StatusJsonAsync()).Reason ?? "");
        }
        finally
        {
            await cli.UnlockAsync(token);
        }
    }

    /// <summary>A malformed line, and what the error names besides file and line (null: nothing more to name).</summary>
    public static TheoryData<string, string?> MalformedLines => new()
    {
        { "CRONLOCK_GRACE", null },
        { "=5", null },
        { "CRONLOCK_NO_SUCH_SETTING=1", "CRONLOCK_NO_SUCH_SETTING" },
        { "CRONLOCK_REASON='unbalanced", "CRONLOCK_REASON" },
        { "CRONLOCK_REASON=\"unbalanced", "CRONLOCK_REASON" },
        { "CRONLOCK_REASON=two words", "CRONLOCK_REASON" },
        { "CRONLOCK_REASON=\"$HOME\"", "CRONLOCK_REASON" },
        { "CRONLOCK_REASON=`hostname`", "CRONLOCK_REASON" },
        { "CRONLOCK_GRACE=abc", "abc" },
        { "CRONLOCK_VERBOSE=maybe", "maybe" },
        { "CRONLOCK_TIMEOUT=-1", "-1" },
    };

    [Theory]
    [MemberData(nameof(MalformedLines))]
    public async Task Run_WithAMalformedLine_Exits201NamingFileAndLineAndRunsNothing(string line, string? named)
    {
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        // The bad line is line 5: after a comment, a blank line and two good settings.
        var config = WriteConfig(workspace, $"# cronlock\n\nCRONLOCK_KEY={key}\nCRONLOCK_GRACE=3\n{line}\nCRONLOCK_RELEASE=60\n");
        var invocation = new CronLockInvocation(["--config", config, .. Jobs.AppendLine(workspace.PathOf("ran"))]);

        var result = (await RunAsync(invocation)).ShouldExitWith(201);

        var error = Assert.Single(result.StandardErrorLines);
        Assert.Contains($"{config} line 5", error, StringComparison.Ordinal);
        if (named is not null)
        {
            Assert.Contains(named, error, StringComparison.Ordinal);
        }

        Assert.Empty(workspace.LinesOf("ran"));
        Assert.False(await redis.Database().KeyExistsAsync(ExpectedKey.DefaultPrefix + key), $"A refused config took a lock.\n{result}");
    }

    [Fact]
    public async Task Acquire_WithAMalformedLine_Exits201AndTakesNoLock()
    {
        using var workspace = Workspace.Create();
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var config = WriteConfig(workspace, "CRONLOCK_RELEASE=60\nCRONLOCK_REASON=two words\n");

        var result = (await RunAsync(new CronLockInvocation(["--config", config, "--acquire", "--key", cli.Key]))).ShouldExitWith(201);

        Assert.Contains($"{config} line 2", Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
        Assert.True(result.StandardOutput.Length == 0, $"A refused --acquire printed a token.\n{result}");
        Assert.False(await redis.Database().KeyExistsAsync(cli.LockKey), "A refused config took a lock.");
    }

    [Fact]
    public async Task Run_WithConfigVariableNamingAMissingFile_Exits201AndRunsNothing()
    {
        using var workspace = Workspace.Create();
        var missing = workspace.PathOf("no-such.conf");
        var job = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = (await RunAsync(new CronLockInvocation(job).WithEnvironment("CRONLOCK_CONFIG", missing))).ShouldExitWith(201);

        Assert.Contains(missing, Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.False(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(job)), "A run with a missing config file took a lock.");
    }

    [Fact]
    public async Task Run_WithConfigFlagNamingAMissingFile_Exits201AndRunsNothing()
    {
        using var workspace = Workspace.Create();
        var missing = workspace.PathOf("no-such.conf");
        var job = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = (await RunAsync(new CronLockInvocation(["--config", missing, .. job]))).ShouldExitWith(201);

        Assert.Contains(missing, Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    private static string WriteConfig(Workspace workspace, string text, string name = "cronlock.conf")
    {
        var path = workspace.PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);
}
