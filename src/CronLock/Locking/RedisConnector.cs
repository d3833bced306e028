using System.Diagnostics;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CronLock.Logging;
using CronLock.Options;
using Serilog;
using StackExchange.Redis;

namespace CronLock.Locking;

/// <summary>Connects to Redis as the options say, retrying as golock does.</summary>
internal sealed class RedisConnector(CronLockOptions options, ILogger log, SecretRedactor redactor)
{
    private string? _certificateProblem;

    /// <summary>
    /// Commands a single-host connection does not need. StackExchange.Redis's default handshake
    /// sends about twenty (INFO, CONFIG GET, CLUSTER NODES, CLIENT SETNAME/SETINFO, ECHO, SUBSCRIBE
    /// to its config channel); a run of cronlock lives for milliseconds and needs none of them.
    /// Sentinel or Cluster discovery would need them back.
    /// </summary>
    private static readonly HashSet<string> UnneededOnSingleHost =
        ["INFO", "CONFIG", "CLUSTER", "CLIENT", "ECHO", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "SENTINEL"];

    public async Task<ConnectResult> ConnectAsync(CancellationToken cancellation)
    {
        var configuration = Configuration();
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return ConnectResult.Connected(await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellation));
            }
            catch (RedisConnectionException e) when (IsAuthenticationOrTls(e))
            {
                // Retrying cannot fix a wrong password or a certificate: fail at once.
                return ConnectResult.Failed(Describe(e, Stopwatch.GetElapsedTime(started)));
            }
            catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
            {
                var error = Describe(e, Stopwatch.GetElapsedTime(started));
                if (attempt >= options.ConnectTries)
                {
                    return ConnectResult.Failed(attempt == 1 ? error : $"{error} (after {attempt} tries)");
                }

                var wait = TimeSpan.FromSeconds(options.ReconnectBackoffSeconds * attempt);
                log.Debug("connect try {Attempt} of {Tries} failed: {Error}; next try in {Seconds}s", attempt, options.ConnectTries, error, wait.TotalSeconds);
                await Task.Delay(wait, cancellation);
            }
        }
    }

    private ConfigurationOptions Configuration()
    {
        var timeout = (int)TimeSpan.FromSeconds(options.RedisTimeoutSeconds).TotalMilliseconds;
        var configuration = new ConfigurationOptions
        {
            EndPoints = { { options.Host, options.Port } },
            Password = options.Password,
            DefaultDatabase = options.Database,
            ConnectTimeout = timeout,
            SyncTimeout = timeout,
            AsyncTimeout = timeout,
            // Our own loop retries with golock's backoff; the library should fail fast each time.
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            CommandMap = CommandMap.Create(UnneededOnSingleHost, available: false),
            TieBreaker = string.Empty,
            ConfigurationChannel = string.Empty,
            SetClientLibrary = false,
            // Without INFO the server version is not asked; scripts and SET NX EX need 2.6.12+.
            DefaultVersion = new Version(6, 0),
            IncludeDetailInExceptions = false,
            IncludePerformanceCountersInExceptions = false,
            Ssl = options.Tls,
            // RESP2 needs no HELLO round trip; nothing CronLock reads needs RESP3.
            Protocol = RedisProtocol.Resp2,
        };
        if (options.Tls)
        {
            configuration.SslHost = options.Host;
            configuration.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            if (options.TlsSkipVerify)
            {
                configuration.CertificateValidation += (_, _, _, _) => true;
            }
            else
            {
                configuration.CertificateValidation += RememberCertificateProblem;
            }
        }

        return configuration;
    }

    // The library reports every TLS failure as "authentication failure"; remember what the
    // certificate check said so the error can tell an untrusted CA, an expired certificate and a
    // wrong host name apart.
    private bool RememberCertificateProblem(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _certificateProblem = CertificateProblem.Describe(errors, chain);
        return errors == SslPolicyErrors.None;
    }

    // Without an inner exception the library's message is advice about its own options; what
    // the operator needs is whether the port refused or nothing answered in time.
    private string NoConnectionReason(TimeSpan elapsed) =>
        elapsed.TotalSeconds < options.RedisTimeoutSeconds * 0.9
            ? "connection refused or closed"
            : options.Tls
                ? $"no TLS handshake within {options.RedisTimeoutSeconds}s (CRONLOCK_REDIS_TIMEOUT); is the port really TLS?"
                : $"no answer within {options.RedisTimeoutSeconds}s (CRONLOCK_REDIS_TIMEOUT)";

    // The library's own message is advice about its options; the cause is in the innermost exception.
    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static bool IsAuthenticationOrTls(RedisConnectionException e) =>
        e.FailureType == ConnectionFailureType.AuthenticationFailure;

    private string Describe(Exception e, TimeSpan elapsed)
    {
        var endpoint = $"{options.Host}:{options.Port}";
        if (_certificateProblem is not null)
        {
            return $"TLS to Redis at {endpoint} failed: the server's certificate was rejected ({_certificateProblem}); "
                + "trust its CA (SSL_CERT_FILE) or set CRONLOCK_TLS_SKIP_VERIFY=yes";
        }

        var message = e.InnerException is null && e is RedisConnectionException
            ? NoConnectionReason(elapsed)
            : redactor.FirstLine(Innermost(e).Message);
        if (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure })
        {
            return options.Tls && !message.Contains("AUTH", StringComparison.OrdinalIgnoreCase) && !message.Contains("password", StringComparison.OrdinalIgnoreCase)
                ? $"TLS to Redis at {endpoint} failed: {message}"
                : $"authentication to Redis at {endpoint} failed (check CRONLOCK_AUTH): {message}";
        }

        return $"cannot reach Redis at {endpoint}: {message}";
    }
}
