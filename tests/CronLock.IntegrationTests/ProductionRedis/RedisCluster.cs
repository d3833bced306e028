using System.Globalization;

namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// A three-master Redis Cluster on 127.0.0.1, made the way an operator makes one: three <c>cluster-enabled</c>
/// servers joined by <c>redis-cli --cluster create … --cluster-replicas 0</c>. Ready once every node reports
/// <c>cluster_state:ok</c>. Comes with a cluster-aware client for assertions (it follows MOVED by itself).
/// </summary>
internal sealed class RedisCluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly List<RedisServer> _nodes;
    private readonly ConnectionMultiplexer _client;

    private RedisCluster(List<RedisServer> nodes, ConnectionMultiplexer client)
    {
        _nodes = nodes;
        _client = client;
    }

    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>Reads and writes any key, wherever it lives.</summary>
    public IDatabase Database => _client.GetDatabase();

    public static async Task<RedisCluster> StartAsync(CancellationToken cancellationToken)
    {
        var nodes = new List<RedisServer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(await RedisServer.StartAsync(new RedisServerOptions { ClusterEnabled = true }, cancellationToken));
            }

            await RedisCli.RunAsync(
                ["--cluster", "create", .. nodes.Select(n => $"{n.Endpoint.Host}:{n.Endpoint.Port}"), "--cluster-replicas", "0", "--cluster-yes"],
                cancellationToken);
            foreach (var node in nodes)
            {
                await Poll.UntilAsync(
                    async () =>
                    {
                        try
                        {
                            return (await node.ExecuteAsync("CLUSTER", "INFO")).ToString().Contains("cluster_state:ok", StringComparison.Ordinal);
                        }
                        catch (RedisException)
                        {
                            return false;
                        }
                    },
                    ReadyTimeout, $"cluster_state:ok on node {node.Endpoint.Port}", cancellationToken);
            }

            var configuration = new ConfigurationOptions { AbortOnConnectFail = true, ConnectTimeout = 2000, AllowAdmin = true };
            foreach (var node in nodes)
            {
                configuration.EndPoints.Add(node.Endpoint.Host, node.Endpoint.Port);
            }

            return new RedisCluster(nodes, await ConnectionMultiplexer.ConnectAsync(configuration));
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The key's hash slot, as the cluster itself computes it (CLUSTER KEYSLOT).</summary>
    public async Task<long> SlotOfAsync(string key) => (long)await _nodes[0].ExecuteAsync("CLUSTER", "KEYSLOT", key);

    /// <summary>The node that serves the key's slot now, according to the cluster (CLUSTER SLOTS).</summary>
    public async Task<RedisServer> OwnerOfAsync(string key)
    {
        var slot = await SlotOfAsync(key);
        foreach (var range in (RedisResult[])(await _nodes[0].ExecuteAsync("CLUSTER", "SLOTS"))!)
        {
            var fields = (RedisResult[])range!;
            if ((long)fields[0] <= slot && slot <= (long)fields[1])
            {
                var port = (int)(long)((RedisResult[])fields[2]!)[1];
                return _nodes.Single(n => n.Endpoint.Port == port);
            }
        }

        throw new InvalidOperationException($"No node serves slot {slot} of '{key}'.");
    }

    /// <summary>A fresh key (from the running test) whose slot the given node serves.</summary>
    public async Task<string> KeyOwnedByAsync(RedisServer node, string prefix = ExpectedKey.DefaultPrefix)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var id = TestNames.Key();
            if (await OwnerOfAsync(prefix + id) == node)
            {
                return id;
            }
        }

        throw new InvalidOperationException($"No key found for node {node.Endpoint.Port} in 200 tries.");
    }

    public static async Task<string> NodeIdAsync(RedisServer node) => (string)(await node.ExecuteAsync("CLUSTER", "MYID"))!;

    /// <summary>
    /// Moves one slot and its keys from one master to another, step by step as <c>redis-cli --cluster reshard</c>
    /// does: IMPORTING / MIGRATING, MIGRATE the keys, then tell every node the new owner. A client still talking
    /// to the old owner gets MOVED from then on.
    /// </summary>
    public async Task MoveSlotAsync(long slot, RedisServer from, RedisServer to)
    {
        var fromId = await NodeIdAsync(from);
        var toId = await NodeIdAsync(to);
        var slotText = slot.ToString(CultureInfo.InvariantCulture);
        await to.ExecuteAsync("CLUSTER", "SETSLOT", slotText, "IMPORTING", fromId);
        await from.ExecuteAsync("CLUSTER", "SETSLOT", slotText, "MIGRATING", toId);
        var keys = (RedisResult[])(await from.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slotText, "1000"))!;
        if (keys.Length > 0)
        {
            await from.ExecuteAsync("MIGRATE", [to.Endpoint.Host, to.Endpoint.Port, "", 0, 5000, "KEYS", .. keys.Select(k => (object)(string)k!)]);
        }

        foreach (var node in _nodes)
        {
            await node.ExecuteAsync("CLUSTER", "SETSLOT", slotText, "NODE", toId);
        }
    }

    /// <summary>Key names present in one slot of one node (CLUSTER GETKEYSINSLOT): proves where keys really are.</summary>
    public static async Task<string[]> KeysInSlotAsync(RedisServer node, long slot) =>
        ((RedisResult[])(await node.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot.ToString(CultureInfo.InvariantCulture), "1000"))!)
        .Select(k => (string)k!).ToArray();

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
