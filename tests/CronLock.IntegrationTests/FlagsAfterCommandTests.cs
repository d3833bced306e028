namespace CronLock.IntegrationTests;

/// <summary>
/// Options end at the command's first word in every mode. For --status, --list, --acquire and --unlock, words after
/// the command spelled like CronLock's own flags stay the command's (they name its lock) and get one warning line.
/// </summary>
public sealed class FlagsAfterCommandTests(RedisFixture redis)
{
    [Fact]
    public async Task Status_JsonAfterTheCommand_WarnsAndLooksUpTheLockOfTheCommandWithIt()
    {
        var job = Jobs.ExitWith(0, TestNames.Key());

        var result = await RunAsync(CronLockInvocation.Of(["--status", .. job, "--json"]));

        result.ShouldExitWith(0);
        Assert.Equal($"{ExpectedKey.ForArguments([.. job, "--json"])}: free\n", result.StandardOutput);
        Assert.Equal(
            ["warning: --json after the command is a word of the command, not a cronlock option (options end at the command's first word): put it before the command"],
            result.StandardErrorLines.Select(BadInputTests.MessageOf));
    }

    [Fact]
    public async Task AcquireAndUnlock_FlagsAfterTheCommand_WarnNamingThem()
    {
        var job = Jobs.ExitWith(0, TestNames.Key());
        const string Warning = "warning: --verbose --grace after the command are words of the command, not cronlock options (options end at the command's first word): put them before the command";

        var acquired = await RunAsync(CronLockInvocation.Of(["--acquire", .. job, "--verbose", "--grace", "5"]));
        var token = acquired.StandardOutput.Trim();
        var unlocked = await RunAsync(CronLockInvocation.Of(["--unlock", token, .. job, "--verbose", "--grace", "5"]));

        acquired.ShouldExitWith(0);
        Assert.Equal([Warning], acquired.StandardErrorLines.Select(BadInputTests.MessageOf));
        unlocked.ShouldExitWith(0);
        Assert.Equal([Warning], unlocked.StandardErrorLines.Select(BadInputTests.MessageOf));
    }

    [Theory]
    [InlineData("--status", "--")]
    [InlineData(null, null)]
    public async Task NoWarning_AfterDashDash_OrWhenRunningTheJob(string? mode, string? dashDash)
    {
        var job = Jobs.Shell("echo \"$@\"", TestNames.Key());
        var arguments = new[] { mode, dashDash }.OfType<string>().Concat(job).Append("--json").ToArray();

        var result = await RunAsync(new CronLockInvocation(arguments));

        result.ShouldExitWith(0);
        Assert.Empty(result.StandardError);
        if (mode is null)
        {
            Assert.Equal($"{job[^1]} --json\n", result.StandardOutput);
        }
    }

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);
}
