using System.Globalization;

namespace CronLock.IntegrationTests;

/// <summary>
/// CRONLOCK_QUIET (cronic style): a successful run prints nothing, so cron sends no mail; a failed one prints all
/// the job printed, stdout's bytes on stdout and stderr's on stderr. Without it (and no other sink that needs the
/// output) the job writes to cronlock's own descriptors, as golock's does.
/// </summary>
public sealed class QuietModeTests(RedisFixture redis)
{
    private static CronLockInvocation Quiet(params string[] job) =>
        new CronLockInvocation(job).WithEnvironment("CRONLOCK_QUIET", "yes").WithEnvironment("CRONLOCK_GRACE", "0");

    [Fact]
    public async Task Quiet_JobSucceeds_PrintsNothingAndExits0()
    {
        var result = await RunAsync(Quiet(Jobs.Shell("echo out; echo err >&2; exit 0", TestNames.Key())));

        result.ShouldExitWith(0);
        Assert.True(result.StandardOutputBytes.Length == 0 && result.StandardError.Length == 0, $"A successful quiet run printed.\n{result}");
    }

    [Fact]
    public async Task Quiet_JobFails_PrintsBothStreamsByteExactAndExitsWithItsCode()
    {
        var result = await RunAsync(Quiet(Jobs.Shell(@"printf 'out 1\nout 2'; printf 'err\t1\n' >&2; printf 'out 3\n'; printf 'err 2' >&2; exit 3", TestNames.Key())));

        result.ShouldExitWith(3);
        Assert.Equal("out 1\nout 2out 3\n", result.StandardOutput);
        Assert.Equal("err\t1\nerr 2", result.StandardError);
    }

    [Fact]
    public async Task Quiet_JobTimesOut_PrintsItsOutputAndExits202()
    {
        var invocation = Quiet(Jobs.Shell("echo before the hang; echo on stderr >&2; sleep 30", TestNames.Key()))
            .WithEnvironment("CRONLOCK_TIMEOUT", "1");

        var result = await RunAsync(invocation);

        result.ShouldExitWith(202);
        Assert.Equal("before the hang\n", result.StandardOutput);
        Assert.Contains("on stderr\n", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("emergency: had to kill", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_LockHeld_PrintsNothingAndExits200()
    {
        var job = Jobs.Shell("echo ran; exit 1", TestNames.Key());
        var key = ExpectedKey.ForArguments(job);
        await redis.Database().StringSetAsync(key, (UnixTime.Floor + 300).ToString(CultureInfo.InvariantCulture), TimeSpan.FromMinutes(5));
        try
        {
            var result = await RunAsync(Quiet(job));

            result.ShouldExitWith(200);
            Assert.True(result.StandardOutputBytes.Length == 0 && result.StandardError.Length == 0, $"A held lock printed.\n{result}");
        }
        finally
        {
            await redis.Database().KeyDeleteAsync(key);
        }
    }

    [Theory]
    [InlineData(1, "a failed quiet run shows it all")]
    [InlineData(0, "a successful quiet run shows nothing")]
    public async Task Quiet_OneMegabyteOfEveryByteValue_ComesThroughIntact(int code, string what)
    {
        using var workspace = Workspace.Create();
        var data = new byte[1 << 20];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7 + i / 256);
        }

        var file = workspace.PathOf("binary");
        await File.WriteAllBytesAsync(file, data, TestContext.Current.CancellationToken);

        var result = await RunAsync(Quiet(Jobs.Shell($"cat \"$2\"; exit {code}", TestNames.Key()).Append(file).ToArray()));

        result.ShouldExitWith(code);
        var expected = code == 0 ? [] : data;
        Assert.True(expected.AsSpan().SequenceEqual(result.StandardOutputBytes),
            $"{what}: {result.StandardOutputBytes.Length} bytes came out, {expected.Length} expected, first difference at {FirstDifference(expected, result.StandardOutputBytes)}.");
    }

    [Fact]
    public async Task Quiet_GrandchildHoldsTheOutputOpen_DoesNotHangCronlock()
    {
        using var workspace = Workspace.Create();
        var pidFile = workspace.PathOf("grandchild.pid");
        int? grandchild = null;
        try
        {
            var result = await RunAsync(Quiet(Jobs.Shell("echo job done; sleep 60 & echo $! > \"$2\"; exit 4", TestNames.Key()).Append(pidFile).ToArray()));
            grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);

            result.ShouldExitWith(4);
            Assert.Equal("job done\n", result.StandardOutput);
            Assert.True(result.Duration < TimeSpan.FromSeconds(5), $"The grandchild holding the pipe kept cronlock {result.Duration.TotalSeconds:0.0} s.\n{result}");
        }
        finally
        {
            if (grandchild is { } pid)
            {
                ProcessProbe.KillIfAlive(pid);
            }
        }
    }

    [Fact]
    public async Task Quiet_NoSpoolFileCanBeMade_ShowsTheOutputAsItComesWithOneWarning()
    {
        var invocation = Quiet(Jobs.Shell("echo out; exit 0", TestNames.Key())).WithEnvironment("TMPDIR", "/nonexistent-cronlock-tmp");

        var result = await RunAsync(invocation);

        result.ShouldExitWith(0);
        Assert.Equal("out\n", result.StandardOutput);
        var warning = Assert.Single(result.StandardErrorLines);
        Assert.Contains("cannot create a spool file in /nonexistent-cronlock-tmp", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSinkNeedsTheOutput_JobWritesToCronlocksOwnStdoutAndStderr()
    {
        // $PPID is cronlock: the job is its direct child.
        const string Script = "echo \"$(readlink /proc/$$/fd/1) $(readlink /proc/$PPID/fd/1) $(readlink /proc/$$/fd/2) $(readlink /proc/$PPID/fd/2)\"";
        var plain = await RunAsync(new CronLockInvocation(Jobs.Shell(Script, TestNames.Key())).WithEnvironment("CRONLOCK_GRACE", "0"));
        var quiet = await RunAsync(Quiet(Jobs.Shell(Script + "; exit 1", TestNames.Key())));

        plain.ShouldExitWith(0);
        var links = plain.StandardOutput.Trim().Split(' ');
        Assert.True(links.Length == 4 && links[0] == links[1] && links[2] == links[3], $"The job's fd 1 and 2 should be cronlock's.\n{plain}");
        quiet.ShouldExitWith(1);
        var captured = quiet.StandardOutput.Trim().Split(' ');
        Assert.True(captured.Length == 4 && captured[0] != captured[1] && captured[2] != captured[3], $"Quiet mode should give the job pipes of its own.\n{quiet}");
    }

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);

    private static int FirstDifference(byte[] expected, byte[] actual) => expected.AsSpan().CommonPrefixLength(actual);
}
