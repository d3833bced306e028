namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// A <see cref="SentinelGroup"/> shared by the tests that only read through it. Tests that fail it over start
/// their own group. Without redis-sentinel nothing starts and every test skips, saying so.
/// </summary>
public sealed class SentinelFixture : IAsyncLifetime
{
    private SentinelGroup? _group;

    /// <summary>Why the sentinel tests skip; null when they run.</summary>
    internal string? SkipReason { get; private set; }

    internal SentinelGroup Group => _group ?? throw new InvalidOperationException($"Not started: {SkipReason}");

    public async ValueTask InitializeAsync()
    {
        SkipReason = RequiredBinary.MissingOf(RedisSentinel.Binary);
        if (SkipReason is null)
        {
            _group = await SentinelGroup.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_group is not null)
        {
            await _group.DisposeAsync();
        }
    }
}
