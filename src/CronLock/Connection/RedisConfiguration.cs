using CronLock.Options;
using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>
/// The target, as StackExchange.Redis's <see cref="ConfigurationOptions"/>. Pure: TLS files are
/// loaded by the connector (<see cref="TlsSettings"/>), which then applies them.
/// </summary>
internal static class RedisConfiguration
{
    /// <summary>
    /// Commands a single-server connection does not need. StackExchange.Redis's default handshake
    /// sends about twenty (INFO, CONFIG GET, CLUSTER NODES, CLIENT SETNAME/SETINFO, ECHO, SUBSCRIBE
    /// to its config channel); a run of cronlock lives for milliseconds and needs none of them.
    /// Sentinel and Cluster discovery need them, so only the Single topology trims them. HELLO
    /// stays: it authenticates and reports the server's role in one round trip; without it the
    /// library probes the role with a SET of a random key, which a least-privilege ACL user may
    /// not be allowed to write.
    /// </summary>
    public static readonly IReadOnlySet<string> UnneededOnSingleServer = new HashSet<string>(
        ["INFO", "CONFIG", "CLUSTER", "CLIENT", "ECHO", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "SENTINEL"]);

    /// <summary>
    /// With a database other than 0, CONFIG GET databases stays: the library pipelines SELECT with
    /// the first command and, when SELECT fails (index out of range), runs that command in the
    /// previous database. Knowing the count, it refuses an out-of-range database before sending.
    /// </summary>
    public static readonly IReadOnlySet<string> UnneededOnSingleServerWithDatabase =
        new HashSet<string>(UnneededOnSingleServer.Where(c => c != "CONFIG"));

    /// <summary>The configuration without TLS, or why there is none (one line, no secret quoted).</summary>
    public static (ConfigurationOptions? Configuration, string? Error) Build(RedisTarget target)
    {
        ConfigurationOptions configuration;
        if (target.Topology == RedisTopology.ConfigurationString)
        {
            try
            {
                configuration = ConfigurationOptions.Parse(target.ConfigurationString!);
            }
            catch (ArgumentException)
            {
                // The message may quote the string, and the string may hold a password.
                return (null, $"{Settings.Url.EnvVar} is neither a redis:// URL nor a valid StackExchange.Redis configuration string");
            }
        }
        else
        {
            configuration = new ConfigurationOptions();
            foreach (var endpoint in target.Endpoints)
            {
                configuration.EndPoints.Add(endpoint.Host, endpoint.Port);
            }

            configuration.User = target.User;
            configuration.Password = target.Password;
            configuration.DefaultDatabase = target.Database;
        }

        var timeout = (int)TimeSpan.FromSeconds(target.TimeoutSeconds).TotalMilliseconds;
        configuration.ConnectTimeout = timeout;
        configuration.SyncTimeout = timeout;
        configuration.AsyncTimeout = timeout;

        // Our own loop retries with golock's backoff; the library should fail fast each time.
        configuration.AbortOnConnectFail = true;
        configuration.ConnectRetry = 1;
        configuration.IncludeDetailInExceptions = false;
        configuration.IncludePerformanceCountersInExceptions = false;
        configuration.TieBreaker = string.Empty;
        configuration.ConfigurationChannel = string.Empty;
        configuration.SetClientLibrary = false;

        switch (target.Topology)
        {
            case RedisTopology.Single:
                configuration.CommandMap = CommandMap.Create(
                    new HashSet<string>(target.Database == 0 ? UnneededOnSingleServer : UnneededOnSingleServerWithDatabase), available: false);

                // RESP2 needs no HELLO round trip, and without INFO the version is not asked:
                // scripts and SET NX EX need 2.6.12+.
                configuration.Protocol = RedisProtocol.Resp2;
                configuration.DefaultVersion = new Version(6, 0);

                // No client name: CLIENT is not sent here, yet the library would still work one out
                // for the handshake (a reflection probe for Azure's role, the host name, a regex to
                // clean it): ~90 KB and ~0.7 ms of a run (docs/performance.md).
                configuration.ClientName = string.Empty;
                break;
            case RedisTopology.Sentinel:
                configuration.ServiceName = target.SentinelMaster;
                configuration.SentinelPassword = target.SentinelPassword;
                break;
        }

        return (configuration, null);
    }

    /// <summary>Whether the connection is TLS: CRONLOCK_TLS, or a configuration string's own ssl=true.</summary>
    public static bool UsesTls(RedisTarget target, ConfigurationOptions configuration) =>
        target.Tls || (target.Topology == RedisTopology.ConfigurationString && configuration.Ssl);
}
