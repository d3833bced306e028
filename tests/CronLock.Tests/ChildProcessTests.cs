using CronLock.Running;

namespace CronLock.Tests;

/// <summary>
/// The job starter (Running/spawn.c, here as libcronlock_spawn.so beside cronlock.dll): real processes, started as
/// posix_spawnp would start them.
/// </summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task Start_Job_RunsWithItsArgumentsAndEnvironmentByteForByte_AndItsStatusComesBack()
    {
        using var directory = new TemporaryDirectory();
        var output = Path.Combine(directory.Path, "out");
        byte[] cafe = [0x63, 0x61, 0x66, 0xe9];
        byte[] value = [.. "VALUE="u8, 0xe9];

        var (child, errno) = await StartAsync(
            [.. Utf8("sh", "-c", "printf '%s|%s' \"$1\" \"$VALUE\" > \"$2\"; exit 3", "job"), cafe, Utf8(output)[0]], [value]);

        Assert.Equal(0, errno);
        Assert.Equal(new ChildOutcome.Exited(3), WaitStatus.Decode(await child!.WaitForExitAsync()));
        Assert.Equal([.. cafe, (byte)'|', 0xe9], File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Start_Job_HasNoSignalIgnoredOrBlocked_AndLeadsItsOwnGroup()
    {
        // The test host, like cronlock, ignores SIGPIPE: the job must not inherit that.
        using var directory = new TemporaryDirectory();
        var output = Path.Combine(directory.Path, "status");

        // The mask is read by the job's own process (exec, no fork): dash blocks every signal around each fork
        // it makes, so a child reading its shell's status can catch that moment.
        var (child, _) = await StartAsync(
            [.. Utf8("sh", "-c", "ps -o pgid= -p $$ | tr -d ' ' > \"$1.pgid\"; exec grep -E '^(SigIgn|SigBlk)' /proc/self/status > \"$1\"", "job", output)], []);
        await child!.WaitForExitAsync();

        Assert.Equal(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"], File.ReadAllLines(output));
        Assert.Equal(child.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(output + ".pgid").Trim());
    }

    [Theory]
    [InlineData("cronlock-test-no-such-command", Posix.Enoent)]
    [InlineData("/nonexistent/job", Posix.Enoent)]
    [InlineData("/etc/passwd", Posix.Eacces)]
    [InlineData("/etc/passwd/x", Posix.Enotdir)]
    public async Task Start_ProgramThatCannotRun_GivesTheErrnoOfItsExec(string program, int expected)
    {
        var (child, errno) = await StartAsync([Utf8(program)[0]], []);

        Assert.Null(child);
        Assert.Equal(expected, errno);
    }

    [Fact]
    public async Task Start_WhenTheGateDeclines_StartsNothing()
    {
        var (child, errno) = await ChildProcess.StartAsync(Utf8("sh", "-c", "exit 0"), [], ownGroup: true, gate: _ => null);

        Assert.Null(child);
        Assert.Equal(0, errno);
    }

    private static Task<(ChildProcess? Child, int Errno)> StartAsync(byte[][] argv, byte[][] environment) =>
        ChildProcess.StartAsync(argv, [.. environment, .. Utf8("PATH=/usr/local/bin:/usr/bin:/bin")], ownGroup: true, gate: start => start());

    private static byte[][] Utf8(params string[] values) => [.. values.Select(System.Text.Encoding.UTF8.GetBytes)];

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cronlock-child-process-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
