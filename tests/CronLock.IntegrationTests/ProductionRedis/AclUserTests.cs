namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// CronLock as a Redis 6+ ACL user with the least rights it needs: only the commands it sends (its Lua scripts'
/// commands included: Redis checks those against the caller's ACL too), only keys under its prefix. Each test has
/// its own server, so script caches and ACL logs are its own.
/// </summary>
public sealed class AclUserTests
{
    private const string UserName = "cronlock";

    /// <summary>
    /// The rule the docs give, for the default prefix <c>cronlock.</c>: the lock keys (<c>cronlock.*</c>) and their
    /// companions (<c>{cronlock.…}:holder</c>, <c>:fence</c>, <c>:last</c>). EVALSHA runs the scripts, SCRIPT LOAD and
    /// EVAL load them the first time a server sees them; the plain commands are the ones the scripts call,
    /// plus PING (connect), SCAN (--list, which the client library precedes with a SELECT) and ACL WHOAMI (with CRONLOCK_USER, cronlock checks the server took the
    /// connection for that user; --reset is a script).
    /// </summary>
    internal static readonly string[] MinimalRule =
    [
        "resetkeys", "~cronlock.*", "~{cronlock.*", "resetchannels", "-@all",
        "+ping", "+evalsha", "+eval", "+script|load",
        "+time", "+get", "+set", "+incr", "+del", "+expireat", "+ttl", "+hset", "+hget", "+hmget", "+hgetall",
        "+lpush", "+ltrim", "+lrange", "+scan", "+acl|whoami", "+select",
    ];

    /// <summary>
    /// Added for CRONLOCK_MIN_REPLICAS: WAIT on the node that holds the key, found with EXISTS. The client library
    /// sends a SELECT before the server-level WAIT; refused, it only fills the ACL log, but a clean log needs it.
    /// </summary>
    internal static readonly string[] MinReplicasRule = ["+exists", "+wait", "+select"];

    /// <summary>
    /// Added for a database other than 0. Not <c>+config|get</c>, although cronlock asks CONFIG GET databases then:
    /// CONFIG GET also reads requirepass and masterauth, so a lock user must not have it. Refused, it costs cronlock
    /// nothing but a line in the ACL log.
    /// </summary>
    internal static readonly string[] DatabaseRule = ["+select"];

    [Fact]
    public async Task MinimalRule_LetsCronLockRunReportListAndReset_AndRedisDeniesItNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = await CreateUserAsync(server, MinimalRule);
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        CronLockInvocation Invocation(params string[] arguments) => AsUser(arguments, password)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_GRACE", "30")
            .FailingFast();

        (await RunAsync(server, Invocation(job))).ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await server.Database().KeyExistsAsync(lockKey), "The lock should be kept for GRACE.");

        (await RunAsync(server, Invocation(job))).ShouldExitWith(200);
        Assert.Single(workspace.LinesOf("ran"));

        var status = (await RunAsync(server, Invocation(["--status", "--", .. job]))).ShouldExitWith(200);
        Assert.Contains(lockKey, status.StandardOutput, StringComparison.Ordinal);

        var list = (await RunAsync(server, Invocation("--list"))).ShouldExitWith(0);
        Assert.Contains(lockKey, list.StandardOutput, StringComparison.Ordinal);

        (await RunAsync(server, Invocation(["--reset", "--", .. job]))).ShouldExitWith(200);
        await LockAssertions.AssertAbsentAsync(server.Database(), lockKey, "--reset deleted it");

        (await RunAsync(server, Invocation(job))).ShouldExitWith(0);
        Assert.Equal(2, workspace.LinesOf("ran").Length);

        // Nothing cronlock sent was refused: the rule holds every command it needs, not just enough to limp along.
        Assert.Empty(await AclDenialsAsync(server));
    }

    [Theory]
    [InlineData(false, "non-string")]
    [InlineData(true, "hash")]
    public async Task MinimalRule_WithAKeyThatIsNotALock_ReportsListsAndLeavesIt(bool withType, string described)
    {
        // Only a key that is not a string needs TYPE: a user made from an older rule, without +type, still lists and
        // reports it (its type unnamed), and --reset still refuses it.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = await CreateUserAsync(server, withType ? [.. MinimalRule, "+type"] : MinimalRule);
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        await Safety.NotALock.CreateAsync(server.Database(), lockKey, "hash");
        CronLockInvocation Invocation(params string[] arguments) => AsUser(arguments, password).WithEnvironment("CRONLOCK_KEY", key).FailingFast();

        var status = (await RunAsync(server, Invocation("--status"))).ShouldExitWith(200);
        var list = (await RunAsync(server, Invocation("--list"))).ShouldExitWith(0);
        var reset = (await RunAsync(server, Invocation("--reset"))).ShouldExitWith(201);

        Assert.Equal($"{lockKey}: not a lock (a {described})\n", status.StandardOutput);
        Assert.Equal($"{lockKey}\tnot a lock (a {described})\n", list.StandardOutput);
        Assert.Contains($"{lockKey} is not a lock (a {described}): left it alone", Assert.Single(reset.StandardErrorLines), StringComparison.Ordinal);
        await Safety.NotALock.AssertIntactAsync(server.Database(), lockKey, "hash");
        Assert.Equal(withType ? [] : ["type"], (await AclDenialsAsync(server)).Distinct());
    }

    [Theory]
    [InlineData("ping", "run")]     // the connection check
    [InlineData("evalsha", "run")]  // every lock operation is a script
    [InlineData("eval", "run")]     // a fresh server has no script cached yet
    [InlineData("time", "run")]     // called inside the acquire script
    [InlineData("get", "run")]
    [InlineData("set", "run")]
    [InlineData("incr", "run")]     // the fencing token
    [InlineData("hset", "run")]     // the holder record
    [InlineData("expireat", "run")]
    [InlineData("del", "run")]
    [InlineData("hgetall", "status")]
    [InlineData("ttl", "status")]
    [InlineData("scan", "list")]
    [InlineData("del", "reset")]
    public async Task RuleWithoutOneCommand_Exits201(string missing, string operation)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = await CreateUserAsync(server, [.. MinimalRule.Where(r => r != "+" + missing)]);
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        string[] arguments = operation switch
        {
            "run" => job,
            "status" => ["--status", "--", .. job],
            "list" => ["--list"],
            "reset" => ["--reset", "--", .. job],
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var result = await RunAsync(server, AsUser(arguments, password).FailingFast());

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.DoesNotContain(password, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinimalRule_RefusesKeysOutsideItsPrefix_Exits201()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = await CreateUserAsync(server, MinimalRule);

        var result = await RunAsync(server, AsUser(Jobs.AppendLine(workspace.PathOf("ran")), password)
            .WithEnvironment("CRONLOCK_PREFIX", "other.")
            .FailingFast());

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task MinimalRulePlusSelect_LocksInTheConfiguredDatabase()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = await CreateUserAsync(server, [.. MinimalRule, .. DatabaseRule]);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(server, new CronLockInvocation(arguments)
            .WithUrl($"redis://{UserName}:{password}@127.0.0.1:{server.Endpoint.Port}/3")
            .FailingFast());

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.True(await server.Database(3).KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock in database 3.\n{result}");
        Assert.DoesNotContain(await AclDenialsAsync(server), denied => denied != "config|get");
    }

    [Fact]
    public async Task RuleWithoutSelect_InAnotherDatabase_NeverLocksInDatabase0()
    {
        // Two hosts of one fleet, one allowed SELECT and one not, must never lock in two different databases:
        // that is the same job running twice. Without SELECT, cronlock must fail (201), not fall back to db 0.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = await CreateUserAsync(server, [.. MinimalRule.Where(r => r != "+select")]);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var key = ExpectedKey.ForArguments(arguments);

        var result = await RunAsync(server, AsUser(arguments, password)
            .WithEnvironment("CRONLOCK_DB", "4")
            .FailingFast());

        Assert.False(await server.Database(0).KeyExistsAsync(key), $"The lock went to database 0 instead of 4.\n{result}");
        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task MinimalRulePlusWait_RunsWithMinReplicas()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var servers = await MasterAndReplica.StartAsync(cancellationToken);
        var master = servers.Master;
        var password = await CreateUserAsync(master, [.. MinimalRule, .. MinReplicasRule]);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(master, AsUser(arguments, password)
            .WithEnvironment("CRONLOCK_MIN_REPLICAS", "1")
            .FailingFast());

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.Empty(await AclDenialsAsync(master));
    }

    [Fact]
    public async Task RuleWithoutWait_WithMinReplicas_Exits201AndGivesTheLockBack()
    {
        // The replica count cannot be confirmed (WAIT refused): as with too few replicas, the job must not start
        // and the lock must not stay behind for RELEASE (a day by default), blocking every host.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var servers = await MasterAndReplica.StartAsync(cancellationToken);
        var master = servers.Master;
        var password = await CreateUserAsync(master, [.. MinimalRule, .. MinReplicasRule.Where(r => r != "+wait")]);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await RunAsync(master, AsUser(arguments, password)
            .WithEnvironment("CRONLOCK_MIN_REPLICAS", "1")
            .FailingFast());

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        await LockAssertions.AssertAbsentAsync(master.Database(), ExpectedKey.ForArguments(arguments), $"a lock whose replicas were not confirmed must be given back\n{result}");
    }

    [Fact]
    public async Task AclUserWithWrongPassword_Exits201AtOnceWithoutThePassword()
    {
        // Redis's default user is left open here, as it is out of the box: a refused AUTH must still stop
        // cronlock, not leave it running as "default" with rights the operator meant to take away.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = await CreateUserAsync(server, MinimalRule);
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");

        var result = await RunAsync(server, AsUser(Jobs.AppendLine(workspace.PathOf("ran")), wrong)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes"));

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Contains("auth", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(wrong, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(password, result.StandardError, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(4), $"A wrong password should fail at once, took {result.Duration.TotalSeconds:0.00} s.\n{result}");
    }

    /// <summary>CRONLOCK_LIMIT above 1: a holder's place is a field of the :holders hash, given back with HDEL.</summary>
    internal static readonly string[] LimitRule = ["+hdel"];

    [Fact]
    public async Task MinimalRule_WithHdel_LetsLimitedRunsRunReportAndReset_AndRedisDeniesItNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var password = await CreateUserAsync(server, [.. MinimalRule, .. LimitRule]);
        var job = Jobs.AppendLine(workspace.PathOf("ran"));
        var key = TestNames.Key();
        CronLockInvocation Invocation(params string[] arguments) => AsUser(arguments, password)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_LIMIT", "2")
            .WithEnvironment("CRONLOCK_GRACE", "0")
            .FailingFast();

        (await RunAsync(server, Invocation(job))).ShouldExitWith(0);
        var token = (await RunAsync(server, Invocation("--acquire", "job.sh"))).ShouldExitWith(0).StandardOutput.Trim();
        (await RunAsync(server, Invocation(["--status", "--", .. job]))).ShouldExitWith(200);
        (await RunAsync(server, Invocation("--list"))).ShouldExitWith(0);
        (await RunAsync(server, Invocation("--unlock", token))).ShouldExitWith(0);
        (await RunAsync(server, Invocation(["--reset", "--", .. job]))).ShouldExitWith(200);

        Assert.Single(workspace.LinesOf("ran"));
        Assert.Empty(await AclDenialsAsync(server));
    }

    /// <summary>cronlock logged in as <see cref="UserName"/> with <paramref name="password"/>.</summary>
    private static CronLockInvocation AsUser(IReadOnlyList<string> arguments, string password) =>
        new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_USER", UserName).WithEnvironment("CRONLOCK_AUTH", password);

    /// <summary>ACL SETUSER cronlock on &gt;password + the rule, as an operator types it; returns the password.</summary>
    private static async Task<string> CreateUserAsync(RedisServer server, IEnumerable<string> rule)
    {
        var password = "acl-" + Guid.NewGuid().ToString("N");
        await server.ExecuteAsync("ACL", ["SETUSER", UserName, "reset", "on", ">" + password, .. rule]);
        return password;
    }

    /// <summary>What Redis refused (ACL LOG "object": a command, key or channel), oldest first.</summary>
    private static async Task<string[]> AclDenialsAsync(RedisServer server)
    {
        var entries = (RedisResult[])(await server.ExecuteAsync("ACL", "LOG"))!;
        return entries.Select(entry => entry.ToDictionary().TryGetValue("object", out var denied) ? (string)denied! : "?").Reverse().ToArray();
    }

    private static Task<CronLockResult> RunAsync(RedisServer server, CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(server.Endpoint, invocation, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
}
