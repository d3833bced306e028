using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// CRONLOCK_FENCING_TOKEN: a per-lock counter bumped atomically with every successful acquire and handed to the job,
/// so a job's writes can be refused once a newer holder exists. Strictly increasing across holders.
/// </summary>
public sealed class FencingTokenTests(RedisFixture redis)
{
    private const int Runs = 50;

    // Fails (99) if another holder's job is inside at the same time; appends the token in the order jobs ran.
    private const string TokenJob =
        """
        mkdir "$1/inside" 2>/dev/null || exit 99
        printf '%s\n' "$CRONLOCK_FENCING_TOKEN" >> "$1/order"
        printf '%s' "$CRONLOCK_FENCING_TOKEN"
        rmdir "$1/inside"
        """;

    // Stands in for GRACE running out: once the job is over (the holder record has "finished"), the lock goes,
    // so the next run need not wait the whole-second minimum a lock is kept after its start.
    private const string EndGraceScript =
        """
        if redis.call('HEXISTS', KEYS[2], 'finished') == 1 then
          redis.call('DEL', KEYS[1], KEYS[2])
          return 1
        end
        return 0
        """;

    [Fact]
    public async Task FencingToken_OverFiftySequentialRuns_StrictlyIncreases()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var invocation = new CronLockInvocation(["sh", "-c", TokenJob, "token-job", workspace.Directory]).WithEnvironment("CRONLOCK_KEY", key);

        var tokens = new List<long>();
        for (var i = 0; i < Runs; i++)
        {
            var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);
            result.ShouldExitWith(0);
            tokens.Add(ParseToken(result));
            Assert.Equal(1, (int)await EndGraceAsync(db, lockKey));
        }

        AssertStrictlyIncreasing(tokens, "in the order of the runs");
        Assert.Equal(tokens, ReadOrder(workspace));
        Assert.Equal(tokens[^1], (await LockState.ReadAsync(db, lockKey)).Fence);
    }

    [Fact]
    public async Task FencingToken_OverFiftyConcurrentWaitingRuns_IsDistinctAndIncreasesInTheOrderTheJobsRan()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var invocation = new CronLockInvocation(["sh", "-c", TokenJob, "token-job", workspace.Directory])
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_WAIT", "60");

        var runs = new List<CronLockRun>();
        CronLockResult[] results;
        try
        {
            for (var i = 0; i < Runs; i++)
            {
                runs.Add(CronLockProcess.Start(redis.Endpoint, invocation));
            }

            var all = Task.WhenAll(runs.Select(r => r.WaitAsync(TimeSpan.FromSeconds(90), cancellationToken)));
            while (!all.IsCompleted)
            {
                await EndGraceAsync(db, lockKey);
                await Task.WhenAny(all, Task.Delay(10, cancellationToken));
            }

            results = await all;
        }
        finally
        {
            foreach (var run in runs)
            {
                await run.DisposeAsync();
            }
        }

        var failed = results.Where(r => r.ExitCode != 0).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {Runs} waiting runs did not run their job; the first:\n{failed.FirstOrDefault()}");
        var tokens = results.Select(ParseToken).ToList();
        Assert.Equal(Runs, tokens.Distinct().Count());
        var order = ReadOrder(workspace);
        Assert.Equal(tokens.Order(), order.Order());
        AssertStrictlyIncreasing(order, "in the order the jobs ran");
    }

    private static Task<RedisResult> EndGraceAsync(IDatabase db, string lockKey) =>
        db.ScriptEvaluateAsync(EndGraceScript, [lockKey, LockState.HolderKey(lockKey)]);

    private static long ParseToken(CronLockResult result)
    {
        Assert.True(long.TryParse(result.StandardOutput, NumberStyles.None, CultureInfo.InvariantCulture, out var token) && token > 0,
            $"The job did not get a positive CRONLOCK_FENCING_TOKEN.\n{result}");
        return token;
    }

    private static List<long> ReadOrder(Workspace workspace) =>
        workspace.LinesOf("order").Select(l => long.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();

    private static void AssertStrictlyIncreasing(IReadOnlyList<long> tokens, string where)
    {
        for (var i = 1; i < tokens.Count; i++)
        {
            Assert.True(tokens[i] > tokens[i - 1],
                $"Fencing token {tokens[i]} came after {tokens[i - 1]} {where} (position {i}): {string.Join(' ', tokens)}");
        }
    }
}
