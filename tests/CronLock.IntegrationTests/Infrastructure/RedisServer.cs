using System.Security.Cryptography.X509Certificates;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> on 127.0.0.1 and a free port, nothing persisted, proven up by a PING and
/// stopped on dispose (SHUTDOWN NOSAVE, then a kill if it does not go within a bounded wait).
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string ServerBinary = "redis-server";

    private readonly ServerProcess _server;

    private RedisServer(ServerProcess server)
    {
        _server = server;
    }

    public RedisEndpoint Endpoint => _server.Endpoint;

    /// <summary>A client for assertions, authenticated and over TLS when the server wants it.</summary>
    public IDatabase Database(int db = 0) => _server.Connection.GetDatabase(db);

    /// <summary>The process id, to tell this server apart in logs and checks.</summary>
    public int ProcessId => _server.ProcessId;

    public bool HasExited => _server.HasExited;

    /// <summary>
    /// Sends one command to this server itself (never routed elsewhere, even in a cluster): ROLE, ACL, CLUSTER,
    /// INFO, WAIT and the like.
    /// </summary>
    public Task<RedisResult> ExecuteAsync(string command, params object[] arguments) =>
        _server.Server.ExecuteAsync(command, arguments);

    /// <summary>
    /// SIGKILL, as a crashed host or a pulled cable looks to its clients and replicas: no SHUTDOWN, no goodbye.
    /// Dispose still cleans up afterwards.
    /// </summary>
    public Task KillAsync() => _server.KillAsync();

    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RedisServerOptions();
        var server = await ServerProcess.StartAsync(
            ServerBinary,
            "cronlock-it-redis-",
            (port, directory) => Task.FromResult(BuildArguments(options, port, directory)),
            port => ClientOptions(options, port),
            cancellationToken);
        return new RedisServer(server);
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
            if (!_server.HasExited)
            {
                await _server.Server.ExecuteAsync("SHUTDOWN", "NOSAVE");
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The server drops the connection as it shuts down; the answer is never a success reply.
        }

        await _server.DisposeAsync();
    }

    public override string ToString() => _server.ToString();
}
