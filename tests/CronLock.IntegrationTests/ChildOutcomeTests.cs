namespace CronLock.IntegrationTests;

/// <summary>What the job did, as the exit code and streams a calling script sees.</summary>
public sealed class ChildOutcomeTests(RedisFixture redis)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(199)]
    public async Task Run_JobExitsWithCode_CronLockExitsWithTheSameCode(int code)
    {
        var arguments = Jobs.ExitWith(code, TestNames.Key());

        var result = await RunAsync(new CronLockInvocation(arguments));

        result.ShouldExitWith(code);
        Assert.True(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"The run took no lock.\n{result}");
    }

    [Theory]
    [InlineData("HUP", 129)]
    [InlineData("KILL", 137)]
    [InlineData("TERM", 143)]
    public async Task Run_JobKilledBySignal_Exits128PlusSignalNumber(string signal, int expected)
    {
        var arguments = Jobs.Shell($"kill -{signal} $$", TestNames.Key());

        var before = UnixTime.Floor;
        var result = await RunAsync(new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "5"));

        result.ShouldExitWith(expected);
        await AssertLockLeftPerGraceAsync(arguments, before);
    }

    [Theory]
    [InlineData("/nonexistent/cronlock-it/no-such-job")]
    [InlineData("cronlock-it-no-such-command")]
    public async Task Run_CommandNotFound_Exits127WithOneLineError(string command)
    {
        string[] arguments = [command, TestNames.Key()];

        var before = UnixTime.Floor;
        var result = await RunAsync(new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "5"));

        result.ShouldExitWith(127);
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains(command, result.StandardError, StringComparison.Ordinal);
        await AssertLockLeftPerGraceAsync(arguments, before);
    }

    [Fact]
    public async Task Run_CommandNotExecutable_Exits126WithOneLineErrorAndNeverRunsIt()
    {
        using var workspace = Workspace.Create();
        var script = workspace.WriteScript("job.sh", $"touch '{workspace.PathOf("ran")}'", executable: false);
        string[] arguments = [script];

        var before = UnixTime.Floor;
        var result = await RunAsync(new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "5"));

        result.ShouldExitWith(126);
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains(script, result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.PathOf("ran")));
        await AssertLockLeftPerGraceAsync(arguments, before);
    }

    [Fact]
    public async Task Run_JobWritesStdout_ItIsCronLocksStdoutAndStderrStaysEmpty()
    {
        var arguments = Jobs.Shell("echo 'hello from the job'", TestNames.Key());

        var result = await RunAsync(new CronLockInvocation(arguments));

        result.ShouldExitWith(0);
        Assert.True(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"The run took no lock.\n{result}");
        Assert.Equal("hello from the job\n", result.StandardOutput);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public async Task Run_JobWritesStderr_ItIsCronLocksStderr()
    {
        var result = await RunAsync(new CronLockInvocation(Jobs.Shell("echo 'job complaint' >&2; exit 5", TestNames.Key())));

        result.ShouldExitWith(5);
        Assert.Contains("job complaint", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task Run_WithVerbose_LogsToStderrAndKeepsStdoutForTheJob()
    {
        var arguments = Jobs.Shell("echo 'only the job writes here'", TestNames.Key());

        var result = await RunAsync(new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_VERBOSE", "yes"));

        result.ShouldExitWith(0);
        Assert.Equal("only the job writes here\n", result.StandardOutput);
        Assert.Contains(ExpectedKey.ForArguments(arguments), result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ArgumentsAfterTheCommand_ReachTheJobUntouched()
    {
        // Option parsing stops at the command; nothing after it is cronlock's, not even what looks like its
        // own flags, a response file (@file) or help.
        string[] jobArguments = ["--key", "x", "--verbose", "-h", "--help", "--version", "@payload.json", "--", "two words", ""];
        string[] arguments = ["sh", "-c", "printf '[%s]' \"$@\"", "print-args", .. jobArguments];

        var result = await RunAsync(new CronLockInvocation(arguments));

        result.ShouldExitWith(0);
        Assert.Equal(string.Concat(jobArguments.Select(a => $"[{a}]")), result.StandardOutput);
    }

    [Fact]
    public async Task Run_FirstWordInBrackets_IsTheJob_NotAParserDirective()
    {
        // System.CommandLine reads a leading "[word]" as a directive and drops it, even with no
        // directives defined: the job would silently become the rest of the line.
        using var workspace = Workspace.Create();
        workspace.WriteScript("[nightly]", "printf 'nightly ran with %s' \"$1\"");
        string[] arguments = ["[nightly]", TestNames.Key()];

        var result = await RunAsync(new CronLockInvocation(arguments)
            .WithEnvironment("PATH", $"{workspace.Directory}:{Environment.GetEnvironmentVariable("PATH")}"));

        result.ShouldExitWith(0);
        Assert.Equal($"nightly ran with {arguments[1]}", result.StandardOutput);
    }

    [Fact]
    public async Task Run_JobReadsStdin_GetsCronLocksStdin()
    {
        const string input = "first line\nsecond line\n";

        var result = await RunAsync(new CronLockInvocation(Jobs.Shell("cat", TestNames.Key())) { StandardInput = input });

        result.ShouldExitWith(0);
        Assert.Equal(input, result.StandardOutput);
    }

    [Fact]
    public async Task Run_Job_InheritsTheEnvironment()
    {
        var invocation = new CronLockInvocation(Jobs.Shell("printf '%s' \"$JOB_SETTING\"", TestNames.Key()))
            .WithEnvironment("JOB_SETTING", "inherited value");

        var result = await RunAsync(invocation);

        result.ShouldExitWith(0);
        Assert.Equal("inherited value", result.StandardOutput);
    }

    [Fact]
    public async Task Run_JobWritingToAClosedPipe_DiesOfSigpipeAsUsual()
    {
        // .NET ignores SIGPIPE; unless cronlock restores the default for the job, `yes` sees EPIPE and complains
        // instead of dying quietly — a classic breakage of shell pipelines under a wrapper.
        var result = await RunAsync(new CronLockInvocation(Jobs.Shell("yes | head -n 1", TestNames.Key())));

        result.ShouldExitWith(0);
        Assert.Equal("y\n", result.StandardOutput);
        Assert.DoesNotContain("Broken pipe", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Whatever happened to the job, the lock was taken and left until start + GRACE (5) + 1.</summary>
    private async Task AssertLockLeftPerGraceAsync(string[] arguments, long before)
    {
        await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.ForArguments(arguments), before + 6, UnixTime.Ceiling + 6,
            maxTtl: TimeSpan.FromSeconds(6), minTtl: TimeSpan.FromMilliseconds(1));
    }
}
