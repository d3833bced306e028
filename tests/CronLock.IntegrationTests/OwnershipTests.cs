using System.Globalization;

namespace CronLock.IntegrationTests;

/// <summary>After the job, cronlock touches the key only if it still holds what this run wrote.</summary>
public sealed class OwnershipTests(RedisFixture redis)
{
    [Fact]
    public async Task Run_WhenAnotherHostTookTheLockDuringTheJob_LeavesItAlone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new HeldJob(workspace);
        var arguments = job.InlineArguments(workspace.Directory);
        var key = ExpectedKey.ForArguments(arguments);
        var db = redis.Database();
        var invocation = new CronLockInvocation(arguments).WithEnvironment(job.Environment).WithEnvironment("CRONLOCK_GRACE", "5");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await job.WaitStartedAsync(run, cancellationToken);
        var otherOwner = (UnixTime.Floor + 300).ToString(CultureInfo.InvariantCulture);
        Assert.True(await db.KeyExistsAsync(key), $"The run did not lock '{key}'.");
        await db.StringSetAsync(key, otherOwner, TimeSpan.FromSeconds(120));
        job.Release();
        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);

        Assert.Equal(otherOwner, (string?)await db.StringGetAsync(key));
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.True(ttl > TimeSpan.FromSeconds(100), $"The other owner's TTL became {ttl}.");
    }

    [Fact]
    public async Task Run_WhenTheLockExpiredAtReleaseDuringTheJob_DoesNotRecreateIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new HeldJob(workspace);
        var arguments = job.InlineArguments(workspace.Directory);
        var key = ExpectedKey.ForArguments(arguments);
        var db = redis.Database();
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment(job.Environment)
            .WithEnvironment("CRONLOCK_GRACE", "1")
            .WithEnvironment("CRONLOCK_RELEASE", "2");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        await job.WaitStartedAsync(run, cancellationToken);
        try
        {
            Assert.True(await db.KeyExistsAsync(key), $"The run did not lock '{key}'.");
            await Poll.UntilAsync(async () => !await db.KeyExistsAsync(key), TimeSpan.FromSeconds(6),
                "the lock to expire after RELEASE (2 s) while the job still runs", cancellationToken);
        }
        finally
        {
            job.Release();
        }

        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
        await LockAssertions.AssertAbsentAsync(db, key, "the run lost its lock to RELEASE and must not write it back");
    }
}
