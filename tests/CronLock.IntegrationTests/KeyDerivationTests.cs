namespace CronLock.IntegrationTests;

/// <summary>
/// Which key a run locks, looked up in Redis while the job runs. The job is installed as the command <c>a</c> on
/// its PATH so argv can be exactly <c>a b c</c>; these tests share such argv, so they live in one class (xunit runs a
/// class's tests one after another) and each deletes its key before and after.
/// </summary>
public sealed class KeyDerivationTests(RedisFixture redis)
{
    private static readonly string[] Abc = ["a", "b", "c"];

    public static TheoryData<string[]> ArgumentLists => new()
    {
        new[] { "a", "b", "c" },
        new[] { "a" },
        // Option parsing stops at the command: these are the job's arguments, hashed like any other.
        new[] { "a", "-la", "--key", "x", "--prefix", "p." },
        // Joined by single spaces, as bytes of UTF-8: a space inside an argument and an empty one are not escaped.
        new[] { "a", "two words", "naïve", "" },
    };

    [Theory]
    [MemberData(nameof(ArgumentLists))]
    public async Task Run_ByDefault_LocksPrefixPlusMd5OfArgumentsJoinedBySpaces(string[] arguments)
    {
        await AssertRunLocksAsync(arguments, [], ExpectedKey.ForArguments(arguments));
    }

    [Fact]
    public async Task Run_ForABC_LocksMd5OfExactlyThatString()
    {
        // Pin one value to md5sum itself, so a wrong hash in both the test helper and the app cannot agree.
        var md5sum = await Md5.OfBashPrintfAsync("a b c", TestContext.Current.CancellationToken);
        Assert.Equal(md5sum, Md5.OfJoinedArguments(Abc));

        await AssertRunLocksAsync(Abc, [], "cronlock." + md5sum);
    }

    [Theory]
    [MemberData(nameof(ArgumentLists))]
    public async Task Run_WithKeyCompatCronlock_LocksMd5LikeBashEchoPipedToMd5sum(string[] arguments)
    {
        var bashCronlockId = await Md5.OfBashCronlockAsync(arguments, TestContext.Current.CancellationToken);
        Assert.NotEqual(Md5.OfJoinedArguments(arguments), bashCronlockId);

        await AssertRunLocksAsync(arguments, [new("CRONLOCK_KEY_COMPAT", "cronlock")], "cronlock." + bashCronlockId);
    }

    [Fact]
    public async Task Run_WithKeyCompatFlag_LocksLikeBashCronlock()
    {
        var bashCronlockId = await Md5.OfBashCronlockAsync(Abc, TestContext.Current.CancellationToken);

        await AssertRunLocksAsync(["--key-compat", "cronlock", .. Abc], [], "cronlock." + bashCronlockId);
    }

    [Fact]
    public async Task Run_WithKeyCompatGolock_LocksPlainMd5()
    {
        await AssertRunLocksAsync(Abc, [new("CRONLOCK_KEY_COMPAT", "golock")], ExpectedKey.ForArguments(Abc));
    }

    [Fact]
    public async Task Run_WithKeySet_LocksPrefixPlusKeyInsteadOfTheHash()
    {
        var key = TestNames.Key();

        await AssertRunLocksAsync(Abc, [new("CRONLOCK_KEY", key)], "cronlock." + key, notLocked: ExpectedKey.ForArguments(Abc));
    }

    [Fact]
    public async Task Run_WithEmptyKey_FallsBackToTheHash()
    {
        await AssertRunLocksAsync(Abc, [new("CRONLOCK_KEY", "")], ExpectedKey.ForArguments(Abc));
    }

    [Theory]
    [InlineData("lock.app1.")]
    [InlineData("p:")]
    [InlineData("")]
    public async Task Run_WithPrefix_PutsItBeforeTheHash(string prefix)
    {
        await AssertRunLocksAsync(Abc, [new("CRONLOCK_PREFIX", prefix)], prefix + Md5.OfJoinedArguments(Abc));
    }

    public static TheoryData<string[]> CronLockOptionLists => new()
    {
        new[] { "--grace", "2", "--release", "30" },
        new[] { "--verbose" },
        new[] { "--" },
        new[] { "--timeout", "20", "--reconnect-attempts", "1", "--redis-timeout", "5", "--" },
    };

    [Theory]
    [MemberData(nameof(CronLockOptionLists))]
    public async Task Run_WithCronLockOptions_LeavesThemOutOfTheHash(string[] options)
    {
        await AssertRunLocksAsync([.. options, .. Abc], [], ExpectedKey.ForArguments(Abc));
    }

    [Fact]
    public async Task Run_WithJobWordsSpelledLikeCronLockOptionsWithValues_HashesThemAsGiven()
    {
        // After cronlock's own options the parser splits "--prefix=p." into "--prefix" "p.": the job's words
        // (and so its key, as golock derives it) must stay as given.
        string[] job = ["a", "--prefix=p.", "--json:x"];

        await AssertRunLocksAsync(["--grace", "2", .. job], [], ExpectedKey.ForArguments(job));
    }

    [Fact]
    public async Task Run_WithKeyAndPrefixFlags_LocksThem()
    {
        var key = TestNames.Key();

        await AssertRunLocksAsync(["--prefix", "flag.", "--key", key, .. Abc], [], "flag." + key);
    }

    [Fact]
    public async Task Run_WithKeyFlagAndKeyVariable_FlagWins()
    {
        var flagKey = TestNames.Key("flag");
        var environmentKey = TestNames.Key("env");

        await AssertRunLocksAsync(
            ["--key", flagKey, "--prefix", "flag.", .. Abc],
            [new("CRONLOCK_KEY", environmentKey), new("CRONLOCK_PREFIX", "env.")],
            "flag." + flagKey,
            notLocked: "env." + environmentKey);
    }

    /// <summary>
    /// Runs cronlock with <paramref name="cronlockArguments"/> (whose job part starts with <c>a</c>), checks while
    /// the job runs that <paramref name="expectedKey"/> exists and, if given, <paramref name="notLocked"/> does not.
    /// </summary>
    private async Task AssertRunLocksAsync(
        string[] cronlockArguments, KeyValuePair<string, string?>[] environment, string expectedKey, string? notLocked = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new HeldJob(workspace);
        job.InstallAs("a");
        var db = redis.Database();
        await db.KeyDeleteAsync(expectedKey);
        var invocation = new CronLockInvocation(cronlockArguments)
            .WithEnvironment(job.Environment)
            .WithEnvironment(environment);
        try
        {
            await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
            await job.WaitStartedAsync(run, cancellationToken);

            var value = await db.StringGetAsync(expectedKey);
            if (notLocked is not null)
            {
                await LockAssertions.AssertAbsentAsync(db, notLocked, $"the run should have locked '{expectedKey}' instead");
            }

            job.Release();
            var result = await run.WaitAsync(cancellationToken: cancellationToken);
            Assert.True(value.HasValue, $"While the job ran, the expected key '{expectedKey}' did not exist.\n{result}");
            result.ShouldExitWith(0);
        }
        finally
        {
            await db.KeyDeleteAsync(expectedKey);
        }
    }
}
