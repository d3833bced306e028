namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// A one-node Redis Cluster (cluster mode on, every slot on this node): small, but it enforces what a real cluster
/// does to scripts — every key a script names must hash to one slot, or the script fails with CROSSSLOT.
/// </summary>
public sealed class ClusterNodeFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private RedisServer? _server;

    internal RedisServer Server => _server ?? throw new InvalidOperationException("The cluster node is not started.");

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // nodes.conf lands in the server's own --dir, which goes away with it.
        _server = await RedisServer.StartAsync(
            new RedisServerOptions { ExtraArguments = ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"] }, cancellationToken);
        var db = _server.Database();
        await db.ExecuteAsync("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        await Poll.UntilAsync(async () => ((string?)await db.ExecuteAsync("CLUSTER", "INFO") ?? "").Contains("cluster_state:ok", StringComparison.Ordinal),
            ReadyTimeout, "the one-node cluster to serve all slots", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
