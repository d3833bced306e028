using System.Diagnostics;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// Every write after the acquire is a script that acts only if this run still owns the lock — by its holder id, not
/// just the expiry second, which two runs can share.
/// </summary>
public sealed class OwnerIdentityTests(RedisFixture redis)
{
    private const int Attempts = 5;

    [Fact]
    public async Task LeaveAfterRun_WhenAResetLetANewRunWriteTheSameExpirySecond_LeavesTheNewRunsLockAlone()
    {
        // The two values match only if the second run takes the lock within one server second of our reading the
        // clock; a second boundary in between is rare and only means trying again.
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await TrySameSecondAsync(TestContext.Current.CancellationToken))
            {
                return;
            }
        }

        Assert.Fail($"The second run never wrote the same expiry second as the first in {Attempts} attempts.");
    }

    /// <returns>False when the two runs' expiry seconds differed, so the case was not reached.</returns>
    private async Task<bool> TrySameSecondAsync(CancellationToken cancellationToken)
    {
        using var firstWorkspace = Workspace.Create();
        using var secondWorkspace = Workspace.Create();
        var db = redis.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var firstJob = new HeldJob(firstWorkspace);
        var secondJob = new HeldJob(secondWorkspace);

        await using var first = CronLockProcess.Start(redis.Endpoint, new CronLockInvocation(firstJob.InlineArguments("first"))
            .WithEnvironment(firstJob.Environment)
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_RELEASE", "60")
            .WithEnvironment("CRONLOCK_GRACE", "5"));
        CronLockRun? second = null;
        try
        {
            await firstJob.WaitStartedAsync(first, cancellationToken);
            var firstState = await LockState.ReadAsync(db, lockKey);
            var firstExpiry = firstState.ExpirySecond ?? throw new InvalidOperationException($"No expiry stored: {firstState}");

            (await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["true"])
                .WithEnvironment("CRONLOCK_KEY", key)
                .WithEnvironment("CRONLOCK_RESET", "yes"), cancellationToken: cancellationToken)).ShouldExitWith(200);
            await LockAssertions.AssertAbsentAsync(db, lockKey, "CRONLOCK_RESET deletes it");

            // now + RELEASE + 1 == the first run's expiry, if the second run acquires within this server second.
            var release = firstExpiry - await ServerClock.NowAsync(db) - 1;
            second = CronLockProcess.Start(redis.Endpoint, new CronLockInvocation(secondJob.InlineArguments("second"))
                .WithEnvironment(secondJob.Environment)
                .WithEnvironment("CRONLOCK_KEY", key)
                .WithEnvironment("CRONLOCK_RELEASE", release.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("CRONLOCK_GRACE", "5"));
            await secondJob.WaitStartedAsync(second, cancellationToken);
            var secondState = await LockState.ReadAsync(db, lockKey);
            if (secondState.Value != firstState.Value)
            {
                return false;
            }

            Assert.NotEqual(firstState.Holder["id"], secondState.Holder["id"]);
            var clock = Stopwatch.StartNew();
            firstJob.Release();
            (await first.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);

            // The first run's leave-after-run would have cut the lock to its own start + GRACE + 1 and recorded its run.
            (await LockState.ReadAsync(db, lockKey)).AssertUnchangedSince(secondState, clock.Elapsed,
                "The first run's leave-after-run touched the lock the second run holds under the same expiry second.");

            secondJob.Release();
            (await second.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
            var left = await LockState.ReadAsync(db, lockKey);
            Assert.True(left.LastRun.GetValueOrDefault("pid") == second.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"The last run recorded is not the second run's: {left}");
            return true;
        }
        finally
        {
            firstJob.Release();
            secondJob.Release();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }
}
