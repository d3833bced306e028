namespace CronLock.IntegrationTests.BadInput;

/// <summary>
/// A setting that names a file (the config file, CRONLOCK_AUTH_FILE, the TLS PEM files) gets a small regular file
/// or a one-line 201 at once: a FIFO once blocked cronlock forever in open(), /dev/zero made it read until it died
/// of memory (134), and an empty or foreign password file was taken without a word. The job never starts.
/// </summary>
public sealed class SettingFileTests(RedisFixture redis)
{
    // Well past an immediate refusal, well short of CronLockRun's default: a hang fails the test, killed.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>Setting, what its file is (see <see cref="CreateAsync"/>), and the problem the error must name.</summary>
    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "CRONLOCK_CONFIG", "fifo", "is a FIFO, not a regular file" },
        { "--config", "fifo", "is a FIFO, not a regular file" },
        { "CRONLOCK_AUTH_FILE", "fifo", "is a FIFO, not a regular file" },
        { "CRONLOCK_TLS_CA", "fifo", "is a FIFO, not a regular file" },
        { "CRONLOCK_TLS_CERT", "fifo", "is a FIFO, not a regular file" },
        { "CRONLOCK_TLS_KEY", "fifo", "is a FIFO, not a regular file" },
        { "CRONLOCK_CONFIG", "/dev/zero", "is a character device, not a regular file" },
        { "CRONLOCK_CONFIG", "/dev/urandom", "is a character device, not a regular file" },
        { "--config", "/dev/zero", "is a character device, not a regular file" },
        { "CRONLOCK_AUTH_FILE", "/dev/zero", "is a character device, not a regular file" },
        { "CRONLOCK_TLS_CA", "/dev/urandom", "is a character device, not a regular file" },
        { "CRONLOCK_CONFIG", "directory", "is a directory, not a regular file" },
        { "CRONLOCK_AUTH_FILE", "directory", "is a directory, not a regular file" },
        { "CRONLOCK_TLS_CA", "directory", "is a directory, not a regular file" },
        { "CRONLOCK_CONFIG", "over the cap", "is larger than 65536 bytes" },
        { "CRONLOCK_AUTH_FILE", "over the cap", "is larger than 65536 bytes" },
        { "CRONLOCK_TLS_CA", "over the cap", "is larger than 1048576 bytes" },
        { "CRONLOCK_AUTH_FILE", "empty", "is empty" },
        { "CRONLOCK_AUTH_FILE", "newline only", "is empty" },
        { "CRONLOCK_AUTH_FILE", "owned by nobody", "is owned by uid 65534, not by uid 0 running cronlock" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Run_WithSettingNamingABadFile_Exits201AtOnceNamingSettingAndProblem(string setting, string file, string problem)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var path = await CreateAsync(workspace, setting, file, cancellationToken);
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = Invocation(workspace, setting, path, job);

        var result = (await CronLockProcess.RunAsync(redis.Endpoint, invocation, Bound, cancellationToken)).ShouldExitWith(201);

        var error = Assert.Single(result.StandardErrorLines);
        Assert.Contains($"{setting} file {path} {problem}", error, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
        await LockAssertions.AssertAbsentAsync(redis.Database(), ExpectedKey.ForArguments(job), "a refused file must not take a lock");
    }

    [Fact]
    public async Task Run_WithConfigThroughASymlinkToARegularFile_AppliesIt()
    {
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        var target = workspace.PathOf("real.conf");
        File.WriteAllText(target, $"CRONLOCK_KEY={key}\n");
        var link = workspace.PathOf("cronlock.conf");
        File.CreateSymbolicLink(link, target);
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran"))).WithEnvironment("CRONLOCK_CONFIG", link);

        (await CronLockProcess.RunAsync(redis.Endpoint, invocation, Bound, TestContext.Current.CancellationToken)).ShouldExitWith(0);

        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await redis.Database().KeyExistsAsync(ExpectedKey.DefaultPrefix + key), "The linked config file's key was not used.");
    }

    /// <summary>The run with <paramref name="setting"/> naming <paramref name="path"/>, and what that setting needs beside it.</summary>
    private static CronLockInvocation Invocation(Workspace workspace, string setting, string path, string[] job)
    {
        if (setting.StartsWith("--", StringComparison.Ordinal))
        {
            return new CronLockInvocation([setting, path, .. job]);
        }

        var invocation = new CronLockInvocation(job).WithEnvironment(setting, path);
        if (setting.StartsWith("CRONLOCK_TLS_", StringComparison.Ordinal))
        {
            // TLS files are read when cronlock connects; a client certificate needs its key and the key its certificate.
            invocation = invocation.WithEnvironment("CRONLOCK_TLS", "yes");
            var partner = setting == "CRONLOCK_TLS_CERT" ? "CRONLOCK_TLS_KEY" : setting == "CRONLOCK_TLS_KEY" ? "CRONLOCK_TLS_CERT" : null;
            if (partner is not null)
            {
                var other = workspace.PathOf("partner.pem");
                File.WriteAllText(other, "not read: the other file of the pair is refused first or second\n");
                invocation = invocation.WithEnvironment(partner, other);
            }
        }

        return invocation;
    }

    private static async Task<string> CreateAsync(Workspace workspace, string setting, string file, CancellationToken cancellationToken)
    {
        if (file.StartsWith('/'))
        {
            return file;
        }

        var path = workspace.PathOf("named-file");
        switch (file)
        {
            case "fifo":
                await RunToolAsync("mkfifo", [path], cancellationToken);
                break;
            case "directory":
                Directory.CreateDirectory(path);
                break;
            case "over the cap":
                // Comment lines a config file or PEM reader would skip: only the size is wrong. A password is one long line.
                var cap = setting.StartsWith("CRONLOCK_TLS_", StringComparison.Ordinal) ? 1024 * 1024 : 64 * 1024;
                File.WriteAllText(path, setting == "CRONLOCK_AUTH_FILE" ? new string('p', cap + 1) : new string('#', cap) + "\n");
                break;
            case "empty":
                File.WriteAllText(path, "");
                break;
            case "newline only":
                File.WriteAllText(path, "\n");
                break;
            case "owned by nobody":
                Assert.SkipUnless(Environment.UserName == "root", "giving a file to another user (chown) needs root");
                File.WriteAllText(path, "password\n");
                await RunToolAsync("chown", ["65534", path], cancellationToken);
                break;
            default:
                throw new ArgumentException($"no such file kind: {file}", nameof(file));
        }

        if (File.Exists(path))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    private static async Task RunToolAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync(program, arguments, cancellationToken);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {result}");
    }
}
