using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// One <c>redis-sentinel</c> on 127.0.0.1 and a free port, watching one master, from a config file it owns (a
/// sentinel rewrites its file as it learns). Killed on dispose: a sentinel persists nothing we keep.
/// </summary>
internal sealed class RedisSentinel : IAsyncDisposable
{
    public const string Binary = "redis-sentinel";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _directory;
    private readonly ConnectionMultiplexer _connection;

    private RedisSentinel(Process process, StringBuilder log, string directory, ConnectionMultiplexer connection, RedisEndpoint endpoint)
    {
        _process = process;
        _log = log;
        _directory = directory;
        _connection = connection;
        Endpoint = endpoint;
    }

    public RedisEndpoint Endpoint { get; }

    /// <summary>This sentinel, for SENTINEL commands.</summary>
    public IServer Server => _connection.GetServer(Endpoint.Host, Endpoint.Port);

    public static async Task<RedisSentinel> StartAsync(SentinelSettings settings, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(settings, FreePort.Next(), cancellationToken);
            }
            catch (RedisServerStartException) when (attempt < 3)
            {
                // The free port was taken between choosing and binding it.
            }
        }
    }

    private static async Task<RedisSentinel> StartOnceAsync(SentinelSettings settings, int port, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("cronlock-it-sentinel-").FullName;
        var configFile = Path.Combine(directory, "sentinel.conf");
        await File.WriteAllTextAsync(configFile, Config(settings, port, directory), cancellationToken);

        var startInfo = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(configFile);
        var log = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout && !process.HasExited)
        {
            ConnectionMultiplexer? connection = null;
            try
            {
                connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
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
                });
                await connection.GetServer("127.0.0.1", port).PingAsync();
                return new RedisSentinel(process, log, directory, connection, new RedisEndpoint("127.0.0.1", port));
            }
            catch (RedisConnectionException)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                await Task.Delay(50, cancellationToken);
            }
        }

        process.Kill();
        await process.WaitForExitAsync(cancellationToken);
        var output = Snapshot(log);
        process.Dispose();
        TryDelete(directory);
        throw new RedisServerStartException($"redis-sentinel on port {port} did not answer PING. Its log:\n{output}");
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
        await _connection.DisposeAsync();
        try
        {
            _process.Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
        }

        _process.Dispose();
        TryDelete(_directory);
    }

    public override string ToString() => $"redis-sentinel {Endpoint.Host}:{Endpoint.Port}\n{Snapshot(_log)}";

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
