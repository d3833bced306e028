namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>One <see cref="RedisCluster"/> for the cluster tests. Without redis-cli none starts and every test skips, saying so.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private RedisCluster? _cluster;

    /// <summary>Why the cluster tests skip; null when they run.</summary>
    internal string? SkipReason { get; private set; }

    internal RedisCluster Cluster => _cluster ?? throw new InvalidOperationException($"Not started: {SkipReason}");

    public async ValueTask InitializeAsync()
    {
        SkipReason = RequiredBinary.MissingOf("redis-cli");
        if (SkipReason is null)
        {
            _cluster = await RedisCluster.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
