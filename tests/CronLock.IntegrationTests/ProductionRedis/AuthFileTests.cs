namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// CRONLOCK_AUTH_FILE: the password from a file (a crontab line, a unit file or `ps` never shows it). Like ssh with
/// a private key, a file its group or other users may read is refused before anything connects.
/// </summary>
public sealed class AuthFileTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Run_WithAuthFileMode600_RunsTheJobWithoutPassingThePasswordOn()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "file-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);
        var file = WritePasswordFile(workspace, password + "\n", OwnerOnly);
        var arguments = TargetInvocations.DumpEnvironment(workspace.PathOf("env"));

        var result = await RunAsync(server, new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_AUTH_FILE", file));

        result.ShouldExitWith(0);
        Assert.True(await server.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the protected server.\n{result}");
        Assert.DoesNotContain(password, File.ReadAllText(workspace.PathOf("env")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)] // 644
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]                          // 640
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherRead)]                                                   // 404
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite)]                         // 620
    public async Task Run_WithAuthFileOthersCanAccess_Exits201NamingTheFileWithoutRunning(UnixFileMode mode)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var password = "file-" + Guid.NewGuid().ToString("N");
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = password }, cancellationToken);
        var file = WritePasswordFile(workspace, password, mode);

        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_AUTH_FILE", file));

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains(file, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("CRONLOCK_AUTH_FILE", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(password, result.StandardError, StringComparison.Ordinal);
        await LockAssertions.AssertAbsentAsync(server.Database(), ExpectedKey.ForArguments(arguments), "a refused password file stops cronlock before it connects");
    }

    [Fact]
    public async Task Run_WithAclUserAndAuthFile_RunsTheJob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = "file-" + Guid.NewGuid().ToString("N");
        await server.ExecuteAsync("ACL", ["SETUSER", "cronlock", "reset", "on", ">" + password, .. AclUserTests.MinimalRule]);
        var file = WritePasswordFile(workspace, password + "\n", OwnerOnly);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_USER", "cronlock")
            .WithEnvironment("CRONLOCK_AUTH_FILE", file));

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    private static string WritePasswordFile(Workspace workspace, string content, UnixFileMode mode)
    {
        var path = workspace.PathOf("redis.pass");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static Task<CronLockResult> RunAsync(RedisServer server, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(server.Endpoint, invocation.FailingFast(), TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
