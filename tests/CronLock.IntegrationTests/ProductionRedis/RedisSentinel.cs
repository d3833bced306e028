using System.Globalization;

namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// One <c>redis-sentinel</c> on 127.0.0.1 and a free port, watching one master, from a config file it owns (a
/// sentinel rewrites its file as it learns). Killed on dispose: a sentinel persists nothing we keep.
/// </summary>
internal sealed class RedisSentinel : IAsyncDisposable
{
    public const string Binary = "redis-sentinel";

    private readonly ServerProcess _sentinel;

    private RedisSentinel(ServerProcess sentinel)
    {
        _sentinel = sentinel;
    }

    public RedisEndpoint Endpoint => _sentinel.Endpoint;

    /// <summary>This sentinel, for SENTINEL commands.</summary>
    public IServer Server => _sentinel.Server;

    public static async Task<RedisSentinel> StartAsync(SentinelSettings settings, CancellationToken cancellationToken)
    {
        var sentinel = await ServerProcess.StartAsync(
            Binary,
            "cronlock-it-sentinel-",
            async (port, directory) =>
            {
                var configFile = Path.Combine(directory, "sentinel.conf");
                await File.WriteAllTextAsync(configFile, Config(settings, port, directory), cancellationToken);
                return [configFile];
            },
            port => new ConfigurationOptions
            {
                EndPoints = { { "127.0.0.1", port } },
                CommandMap = CommandMap.Sentinel,
                Password = settings.SentinelPassword,
                AllowAdmin = true,
                AbortOnConnectFail = true,
                ConnectTimeout = 1000,
                SyncTimeout = 5000,
                AsyncTimeout = 5000,
                ConnectRetry = 0,
                ConfigurationChannel = "",
            },
            cancellationToken);
        return new RedisSentinel(sentinel);
    }

    private static string Config(SentinelSettings settings, int port, string directory)
    {
        var master = settings.Master;
        var lines = new List<string>
        {
            $"port {port.ToString(CultureInfo.InvariantCulture)}",
            "bind 127.0.0.1",
            "daemonize no",
            "logfile \"\"",
            $"dir {directory}",
            $"sentinel monitor {settings.MasterName} {master.Host} {master.Port.ToString(CultureInfo.InvariantCulture)} {settings.Quorum.ToString(CultureInfo.InvariantCulture)}",
            // Fast enough for a test, slow enough that a busy 2-core runner is not taken for a dead master.
            $"sentinel down-after-milliseconds {settings.MasterName} 1000",
            $"sentinel failover-timeout {settings.MasterName} 3000",
            $"sentinel parallel-syncs {settings.MasterName} 1",
        };
        if (settings.MasterPassword is { } masterPassword)
        {
            lines.Add($"sentinel auth-pass {settings.MasterName} {masterPassword}");
        }

        if (settings.SentinelPassword is { } sentinelPassword)
        {
            lines.Add($"requirepass {sentinelPassword}");
            lines.Add($"sentinel sentinel-pass {sentinelPassword}");
        }

        return string.Join('\n', lines) + "\n";
    }

    public async ValueTask DisposeAsync()
    {
        await _sentinel.KillAsync();
        await _sentinel.DisposeAsync();
    }

    public override string ToString() => _sentinel.ToString();
}
