using System.Diagnostics;
using CronLock.Core.Locking;
using CronLock.Core.Timing;
using CronLock.Logging;
using CronLock.Options;
using Serilog;
using StackExchange.Redis;

namespace CronLock.Locking;

/// <summary>Connects to Redis as the target says, retrying as golock does.</summary>
internal sealed class RedisConnector(RedisTarget target, ILogger log, SecretRedactor redactor)
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
    private static readonly HashSet<string> UnneededOnSingleServer =
        ["INFO", "CONFIG", "CLUSTER", "CLIENT", "ECHO", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "SENTINEL"];

    /// <summary>
    /// With a database other than 0, CONFIG GET databases stays: the library pipelines SELECT with
    /// the first command and, when SELECT fails (index out of range), runs that command in the
    /// previous database. Knowing the count, it refuses an out-of-range database before sending.
    /// </summary>
    private static readonly HashSet<string> UnneededOnSingleServerWithDatabase =
        [.. UnneededOnSingleServer.Where(c => c != "CONFIG")];

    private TlsSettings? _tls;

    public async Task<ConnectResult> ConnectAsync(CancellationToken cancellation)
    {
        if (target.Topology == RedisTopology.Redlock)
        {
            return await ConnectRedlockAsync(cancellation);
        }

        var (configuration, error) = Configuration();
        if (configuration is null)
        {
            return ConnectResult.Failed(error!);
        }

        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            _tls?.Reset();
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellation);
                if (target.Topology == RedisTopology.Single && connection.GetServers().Any(s => s.ServerType == ServerType.Cluster))
                {
                    // The handshake's HELLO says the server is a cluster node: discover the cluster
                    // (the trimmed single-server connection could not follow MOVED to other nodes).
                    await connection.DisposeAsync();
                    log.Debug("{Endpoint} is a cluster node: connecting as to a cluster", target.Description);
                    return await new RedisConnector(target with { Topology = RedisTopology.Cluster }, log, redactor).ConnectAsync(cancellation);
                }

                if (await WrongUserAsync(connection) is { } wrongUser)
                {
                    await connection.DisposeAsync();
                    return ConnectResult.Failed(wrongUser);
                }

                return ConnectResult.Connected(connection);
            }
            catch (RedisConnectionException e) when (e.FailureType == ConnectionFailureType.AuthenticationFailure || _tls?.ServerCertificateSeen == true)
            {
                // Retrying cannot fix a wrong password or a certificate: fail at once.
                return ConnectResult.Failed(Describe(e, Stopwatch.GetElapsedTime(started)));
            }
            catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
            {
                var reason = Describe(e, Stopwatch.GetElapsedTime(started));
                if (attempt >= target.ConnectTries)
                {
                    return ConnectResult.Failed(attempt == 1 ? reason : $"{reason} (after {attempt} tries)");
                }

                var wait = TimeSpan.FromSeconds((double)target.ReconnectBackoffSeconds * attempt);
                log.Debug("connect try {Attempt} of {Tries} failed: {Error}; next try in {Seconds}s", attempt, target.ConnectTries, reason, wait.TotalSeconds);
                await LongDelay.DelayAsync(wait, TimeProvider.System, cancellation);
            }
        }
    }

    /// <summary>
    /// With CRONLOCK_USER, checks the server took us for that user: when the ACL user's AUTH is
    /// refused, the library carries on as the "default" user, and on a server whose default user
    /// is open the job would then run under an identity nobody configured. One ACL WHOAMI; a user
    /// not allowed to run it (NOPERM) is by that very fact not the open default user.
    /// </summary>
    private async Task<string?> WrongUserAsync(IConnectionMultiplexer connection)
    {
        if (target.User is not { } user)
        {
            return null;
        }

        try
        {
            // Through the database, not the server: a server-level command makes the library
            // send a SELECT first, which a least-privilege user may not be allowed.
            var actual = (string?)await connection.GetDatabase(target.DatabaseIndex).ExecuteAsync("ACL", "WHOAMI");
            return actual is null || actual == user
                ? null
                : $"authentication to Redis at {target.Description} as {Settings.User.EnvVar} \"{user}\" failed (check CRONLOCK_AUTH): the server took this connection for user \"{actual}\"";
        }
        catch (RedisServerException)
        {
            return null;
        }
    }

    /// <summary>Each master on its own, at once; a majority must answer, the rest may be down.</summary>
    private async Task<ConnectResult> ConnectRedlockAsync(CancellationToken cancellation)
    {
        var results = await Task.WhenAll(target.Endpoints.Select(endpoint =>
            new RedisConnector(target with { Topology = RedisTopology.Single, Endpoints = [endpoint] }, log, redactor).ConnectAsync(cancellation)));
        var reachable = results.Count(r => r.Connection is not null);
        var majority = (results.Length / 2) + 1;
        foreach (var failed in results.Where(r => r.Error is not null))
        {
            log.Warning("Redlock master unreachable: {Error}", failed.Error);
        }

        return reachable >= majority
            ? new ConnectResult(results.First(r => r.Connection is not null).Connection, null, [.. results.Select(r => r.Connection)])
            : ConnectResult.Failed($"Redlock: only {reachable} of {results.Length} masters reachable, a majority of {majority} is needed; "
                + results.First(r => r.Error is not null).Error);
    }

    private (ConfigurationOptions? Configuration, string? Error) Configuration()
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
                configuration.CommandMap = CommandMap.Create(target.Database == 0 ? UnneededOnSingleServer : UnneededOnSingleServerWithDatabase, available: false);

                // RESP2 needs no HELLO round trip, and without INFO the version is not asked:
                // scripts and SET NX EX need 2.6.12+.
                configuration.Protocol = RedisProtocol.Resp2;
                configuration.DefaultVersion = new Version(6, 0);
                break;
            case RedisTopology.Sentinel:
                configuration.ServiceName = target.SentinelMaster;
                configuration.SentinelPassword = target.SentinelPassword;
                break;
        }

        if (target.Tls || (target.Topology == RedisTopology.ConfigurationString && configuration.Ssl))
        {
            var (tls, error) = TlsSettings.Load(target with { Tls = true });
            if (tls is null)
            {
                return (null, error);
            }

            _tls = tls;
            tls.ApplyTo(configuration);
        }

        return (configuration, null);
    }

    private string Describe(Exception e, TimeSpan elapsed)
    {
        var where = $"Redis at {target.Description}";
        if (_tls?.CertificateProblem is { } problem)
        {
            var advice = problem.Contains("CA", StringComparison.Ordinal) ? "trust its CA with CRONLOCK_TLS_CA"
                : problem.Contains("host name", StringComparison.Ordinal) ? "connect by the name in the certificate, or set CRONLOCK_TLS_SERVER_NAME"
                : problem.Contains("expired", StringComparison.Ordinal) ? "renew the server's certificate"
                : "fix the server's certificate";
            return $"TLS to {where} failed: the server's certificate was refused: {problem} ({advice}, or set CRONLOCK_TLS_SKIP_VERIFY=yes)";
        }

        if (_tls?.ServerCertificateSeen == true && e is RedisConnectionException { FailureType: not ConnectionFailureType.AuthenticationFailure })
        {
            return $"TLS to {where} failed: the server ended the handshake after showing its certificate "
                + "(does it require a client certificate? set CRONLOCK_TLS_CERT and CRONLOCK_TLS_KEY)";
        }

        var message = e.InnerException is null && e is RedisConnectionException
            ? NoConnectionReason(elapsed)
            : redactor.FirstLine(Innermost(e).Message);
        if (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure })
        {
            var aboutPassword = message.Contains("AUTH", StringComparison.OrdinalIgnoreCase)
                || message.Contains("password", StringComparison.OrdinalIgnoreCase);
            return target.Tls && !aboutPassword
                ? $"TLS to {where} failed: {message}"
                : $"authentication to {where} failed (check {(target.Topology == RedisTopology.Sentinel ? "CRONLOCK_SENTINEL_AUTH, " : "")}CRONLOCK_USER / CRONLOCK_AUTH): {message}";
        }

        return $"cannot reach {where}: {message}";
    }

    // Without an inner exception the library's message is advice about its own options; what
    // the operator needs is whether the port refused or nothing answered in time.
    private string NoConnectionReason(TimeSpan elapsed) =>
        elapsed.TotalSeconds < target.TimeoutSeconds * 0.9
            ? "connection refused or closed"
            : target.Tls
                ? $"no TLS handshake within {target.TimeoutSeconds}s (CRONLOCK_REDIS_TIMEOUT); is the port really TLS?"
                : $"no answer within {target.TimeoutSeconds}s (CRONLOCK_REDIS_TIMEOUT)";

    // The library's own message wraps the cause; the cause is in the innermost exception.
    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
