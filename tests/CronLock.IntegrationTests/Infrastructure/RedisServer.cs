using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> on 127.0.0.1 and a free port, nothing persisted, proven up by a PING and
/// stopped on dispose (SHUTDOWN NOSAVE, then a kill if it does not go within a bounded wait).
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string ServerBinary = "redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _directory;
    private readonly ConnectionMultiplexer _connection;

    private RedisServer(Process process, StringBuilder log, string directory, ConnectionMultiplexer connection, RedisEndpoint endpoint)
    {
        _process = process;
        _log = log;
        _directory = directory;
        _connection = connection;
        Endpoint = endpoint;
    }

    public RedisEndpoint Endpoint { get; }

    /// <summary>A client for assertions, authenticated and over TLS when the server wants it.</summary>
    public IDatabase Database(int db = 0) => _connection.GetDatabase(db);

    /// <summary>The process id, to tell this server apart in logs and checks.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Sends one command to this server itself (never routed elsewhere, even in a cluster): ROLE, ACL, CLUSTER,
    /// INFO, WAIT and the like.
    /// </summary>
    public Task<RedisResult> ExecuteAsync(string command, params object[] arguments) =>
        _connection.GetServer(ServerEndPoint).ExecuteAsync(command, arguments);

    /// <summary>
    /// SIGKILL, as a crashed host or a pulled cable looks to its clients and replicas: no SHUTDOWN, no goodbye.
    /// Dispose still cleans up afterwards.
    /// </summary>
    public async Task KillAsync() => await KillAsync(_process);

    private System.Net.EndPoint ServerEndPoint => new System.Net.IPEndPoint(System.Net.IPAddress.Parse(Endpoint.Host), Endpoint.Port);

    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RedisServerOptions();
        // The free port can be taken between choosing and binding it; a fresh port usually wins the second time.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(options, FreePort.Next(), cancellationToken);
            }
            catch (RedisServerStartException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<RedisServer> StartOnceAsync(RedisServerOptions options, int port, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("cronlock-it-redis-").FullName;
        var startInfo = new ProcessStartInfo(ServerBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in BuildArguments(options, port, directory))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start '{ServerBinary}' (is Redis installed? apt-get install redis-server): {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var connection = await WaitUntilAnsweringAsync(process, log, options, port, cancellationToken);
        if (connection is null)
        {
            await KillAsync(process);
            TryDelete(directory);
            throw new RedisServerStartException($"redis-server on port {port} did not answer PING. Its log:\n{Snapshot(log)}");
        }

        return new RedisServer(process, log, directory, connection, new RedisEndpoint("127.0.0.1", port));
    }

    private static IEnumerable<string> BuildArguments(RedisServerOptions options, int port, string directory)
    {
        if (options.Tls is { } tls)
        {
            yield return "--port";
            yield return "0";
            yield return "--tls-port";
            yield return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return "--tls-cert-file";
            yield return options.TlsCertificateFile ?? tls.ServerCertificateFile;
            yield return "--tls-key-file";
            yield return options.TlsKeyFile ?? tls.ServerKeyFile;
            yield return "--tls-ca-cert-file";
            yield return tls.CaCertificateFile;
            yield return "--tls-auth-clients";
            yield return options.TlsAuthClients ? "yes" : "no";
        }
        else
        {
            yield return "--port";
            yield return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        yield return "--bind";
        yield return "127.0.0.1";
        yield return "--save";
        yield return "";
        yield return "--appendonly";
        yield return "no";
        yield return "--daemonize";
        yield return "no";
        yield return "--dir";
        yield return directory;

        // A replica's first full sync otherwise waits 5 s for more replicas to join it.
        yield return "--repl-diskless-sync-delay";
        yield return "0";

        if (options.Password is { } password)
        {
            yield return "--requirepass";
            yield return password;

            // A master can become a replica (a Sentinel failover demotes it): it must then log in to the new master.
            yield return "--masterauth";
            yield return password;
        }

        if (options.ReplicaOf is { } master)
        {
            yield return "--replicaof";
            yield return master.Host;
            yield return master.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (options.ClusterEnabled)
        {
            yield return "--cluster-enabled";
            yield return "yes";
            yield return "--cluster-config-file";
            yield return Path.Combine(directory, "nodes.conf");
            yield return "--cluster-node-timeout";
            yield return "5000";
        }

        foreach (var extra in options.ExtraArguments)
        {
            yield return extra;
        }
    }

    private static async Task<ConnectionMultiplexer?> WaitUntilAnsweringAsync(
        Process process, StringBuilder log, RedisServerOptions options, int port, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                return null;
            }

            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync(ClientOptions(options, port));
                await connection.GetDatabase().PingAsync();
                return connection;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        return null;
    }

    private static ConfigurationOptions ClientOptions(RedisServerOptions options, int port)
    {
        var config = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", port } },
            AbortOnConnectFail = true,
            ConnectTimeout = 1000,
            SyncTimeout = 5000,
            AsyncTimeout = 5000,
            ConnectRetry = 0,
            AllowAdmin = true,
            Password = options.Password,
        };
        if (options.Tls is { } tls)
        {
            config.Ssl = true;
            config.SslHost = "localhost";
            if (options.TlsCertificateFile is null)
            {
                config.TrustIssuer(tls.CaCertificateFile);
            }
            else
            {
                // A deliberately bad certificate (expired, other host) on our own server: the test's client
                // must still reach it to set up and check locks.
                config.CertificateValidation += (_, _, _, _) => true;
            }

            if (options.TlsAuthClients)
            {
                var client = X509Certificate2.CreateFromPemFile(tls.ClientCertificateFile, tls.ClientKeyFile);
                config.CertificateSelection += (_, _, _, _, _) => client;
            }
        }

        return config;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // This server's own endpoint: a cluster node's connection also knows the other nodes.
            if (!_process.HasExited)
            {
                await _connection.GetServer(ServerEndPoint).ExecuteAsync("SHUTDOWN", "NOSAVE");
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The server drops the connection as it shuts down; the answer is never a success reply.
        }

        await _connection.DisposeAsync();
        using (var stop = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync(_process);
            }
        }

        _process.Dispose();
        TryDelete(_directory);
    }

    public override string ToString() => $"redis-server {Endpoint.Host}:{Endpoint.Port}\n{Snapshot(_log)}";

    private static async Task KillAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
        }
    }

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
