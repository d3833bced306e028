using System.Net;

namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// A production-shaped Sentinel setup on 127.0.0.1: one master and one replica, both with a password, and three
/// sentinels (quorum 2) with a password of their own. Ready once the replica is in sync and every sentinel knows it.
/// Sentinels stop first on dispose, so none of them fails over a server that is only being shut down.
/// </summary>
internal sealed class SentinelGroup : IAsyncDisposable
{
    public const string MasterName = "mymaster";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly List<RedisSentinel> _sentinels;

    private SentinelGroup(RedisServer master, RedisServer replica, List<RedisSentinel> sentinels, string masterPassword, string sentinelPassword)
    {
        Master = master;
        Replica = replica;
        _sentinels = sentinels;
        MasterPassword = masterPassword;
        SentinelPassword = sentinelPassword;
    }

    /// <summary>The server that was master at the start; after <see cref="FailoverAsync"/> it is not.</summary>
    public RedisServer Master { get; }

    /// <summary>The server that was the replica at the start; <see cref="FailoverAsync"/> promotes it.</summary>
    public RedisServer Replica { get; }

    public IReadOnlyList<RedisSentinel> Sentinels => _sentinels;

    /// <summary>requirepass of master and replica (CRONLOCK_AUTH).</summary>
    public string MasterPassword { get; }

    /// <summary>requirepass of the sentinels (CRONLOCK_SENTINEL_AUTH).</summary>
    public string SentinelPassword { get; }

    /// <summary>CRONLOCK_SENTINELS: every sentinel as host:port, comma-separated.</summary>
    public string SentinelList => string.Join(',', _sentinels.Select(s => $"{s.Endpoint.Host}:{s.Endpoint.Port}"));

    public static async Task<SentinelGroup> StartAsync(CancellationToken cancellationToken)
    {
        var masterPassword = "master-" + Guid.NewGuid().ToString("N");
        var sentinelPassword = "sentinel-" + Guid.NewGuid().ToString("N");
        var master = await RedisServer.StartAsync(new RedisServerOptions { Password = masterPassword }, cancellationToken);
        RedisServer? replica = null;
        var sentinels = new List<RedisSentinel>();
        try
        {
            replica = await RedisServer.StartAsync(new RedisServerOptions { Password = masterPassword, ReplicaOf = master.Endpoint }, cancellationToken);
            var settings = new SentinelSettings(master.Endpoint, MasterName, Quorum: 2, masterPassword, sentinelPassword);
            for (var i = 0; i < 3; i++)
            {
                sentinels.Add(await RedisSentinel.StartAsync(settings, cancellationToken));
            }
        }
        catch
        {
            await DisposeAllAsync(sentinels, replica, master);
            throw;
        }

        var group = new SentinelGroup(master, replica, sentinels, masterPassword, sentinelPassword);
        try
        {
            await group.WaitReadyAsync(cancellationToken);
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }

        return group;
    }

    /// <summary>
    /// <c>SENTINEL FAILOVER mymaster</c>, as an operator forces it; returns once the replica is master and every
    /// sentinel names it, so a client asking any sentinel finds the new master.
    /// </summary>
    public async Task FailoverAsync(CancellationToken cancellationToken)
    {
        // A sentinel refuses (NOGOODSLAVE, INPROG) until it has judged the replica fit: ask again until it agrees.
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await _sentinels[0].Server.SentinelFailoverAsync(MasterName);
                    return true;
                }
                catch (RedisServerException)
                {
                    return false;
                }
            },
            ReadyTimeout, "a sentinel to accept SENTINEL FAILOVER", cancellationToken);
        await Poll.UntilAsync(() => HasRoleAsync(Replica, "master"), ReadyTimeout, "the replica to become master", cancellationToken);
        await Poll.UntilAsync(() => AllSentinelsNameMasterAsync(Replica.Endpoint.Port), ReadyTimeout, "every sentinel to name the new master", cancellationToken);
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(
            async () => (await Safely(() => Replica.ExecuteAsync("INFO", "replication")))?.ToString().Contains("master_link_status:up", StringComparison.Ordinal) == true,
            ReadyTimeout, "the replica to sync with the master", cancellationToken);
        await Poll.UntilAsync(() => AllSentinelsNameMasterAsync(Master.Endpoint.Port), ReadyTimeout, "every sentinel to watch the master", cancellationToken);
        await Poll.UntilAsync(
            async () =>
            {
                foreach (var sentinel in _sentinels)
                {
                    var replicas = await Safely(() => sentinel.Server.SentinelReplicasAsync(MasterName));
                    var known = replicas?.Any(fields =>
                        fields.Any(f => f.Key == "port" && f.Value == Replica.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                        && fields.Any(f => f.Key == "flags" && f.Value == "slave")) == true;
                    if (!known)
                    {
                        return false;
                    }
                }

                return true;
            },
            ReadyTimeout, "every sentinel to know the replica", cancellationToken);
    }

    private async Task<bool> AllSentinelsNameMasterAsync(int port)
    {
        foreach (var sentinel in _sentinels)
        {
            var address = await Safely(() => sentinel.Server.SentinelGetMasterAddressByNameAsync(MasterName));
            if (address is not IPEndPoint { Port: var named } || named != port)
            {
                return false;
            }
        }

        return true;
    }

    public static async Task<bool> HasRoleAsync(RedisServer server, string role)
    {
        var reply = await Safely(() => server.ExecuteAsync("ROLE"));
        return reply is not null && reply.Length > 0 && (string?)reply[0] == role;
    }

    private static async Task<T?> Safely<T>(Func<Task<T>> read)
        where T : class?
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return null;
        }
    }

    public override string ToString() =>
        $"master {Master.Endpoint.Port}, replica {Replica.Endpoint.Port}, sentinels {SentinelList}\n" +
        string.Join('\n', _sentinels.Select(s => s.ToString()));

    public async ValueTask DisposeAsync() => await DisposeAllAsync(_sentinels, Replica, Master);

    private static async Task DisposeAllAsync(List<RedisSentinel> sentinels, RedisServer? replica, RedisServer master)
    {
        foreach (var sentinel in sentinels)
        {
            await sentinel.DisposeAsync();
        }

        if (replica is not null)
        {
            await replica.DisposeAsync();
        }

        await master.DisposeAsync();
    }
}
