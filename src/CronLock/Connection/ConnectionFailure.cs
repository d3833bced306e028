using CronLock.Core.Locking;
using CronLock.Options;
using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>Why a connect try failed, in CronLock's words: one line naming the setting to look at.</summary>
internal static class ConnectionFailure
{
    /// <summary>Retrying cannot fix a wrong password or a certificate: such a failure ends the connect loop at once.</summary>
    public static bool IsFinal(Exception e, TlsSettings? tls) =>
        e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } || tls?.ServerCertificateSeen == true;

    /// <summary>The library saw the connection end and knows no more: <see cref="FailureDiagnosis"/> may find the cause.</summary>
    public static bool LacksCause(Exception e) =>
        e is RedisConnectionException { InnerException: null, FailureType: not ConnectionFailureType.AuthenticationFailure };

    /// <summary>A failure that ended quickly was refused or closed; a slow one found nothing answering.</summary>
    public static bool EndedAtOnce(RedisTarget target, TimeSpan elapsed) => elapsed.TotalSeconds < target.TimeoutSeconds * 0.9;

    /// <param name="elapsed">How long the failed try took: refused at once, or nothing answered in time.</param>
    public static string Describe(RedisTarget target, TlsSettings? tls, Exception e, TimeSpan elapsed, SecretRedactor redactor)
    {
        var where = $"Redis at {target.Description}";
        if (tls?.CertificateProblem is { } problem)
        {
            var advice = problem.Contains("CA", StringComparison.Ordinal) ? "trust its CA with CRONLOCK_TLS_CA"
                : problem.Contains("host name", StringComparison.Ordinal) ? "connect by the name in the certificate, or set CRONLOCK_TLS_SERVER_NAME"
                : problem.Contains("expired", StringComparison.Ordinal) ? "renew the server's certificate"
                : "fix the server's certificate";
            return $"TLS to {where} failed: the server's certificate was refused: {problem} ({advice}, or set CRONLOCK_TLS_SKIP_VERIFY=yes)";
        }

        if (tls?.ServerCertificateSeen == true && e is RedisConnectionException { FailureType: not ConnectionFailureType.AuthenticationFailure })
        {
            return $"TLS to {where} failed: the server ended the handshake after showing its certificate "
                + "(does it require a client certificate? set CRONLOCK_TLS_CERT and CRONLOCK_TLS_KEY)";
        }

        var message = e.InnerException is null && e is RedisConnectionException
            ? NoConnectionReason(target, elapsed)
            : redactor.FirstLine(Innermost(e).Message);
        if (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure })
        {
            var aboutPassword = message.Contains("AUTH", StringComparison.OrdinalIgnoreCase)
                || message.Contains("password", StringComparison.OrdinalIgnoreCase);
            return target.Tls && !aboutPassword
                ? $"TLS to {where} failed: {message}"
                : $"authentication to {where} failed (check {(target.Topology == RedisTopology.Sentinel ? "CRONLOCK_SENTINEL_AUTH, " : "")}{CredentialSettings(target)}): {message}";
        }

        return $"cannot reach {where}: {message}";
    }

    /// <summary>The settings the refused user and password came from (the URL named as such); both settings when none was given.</summary>
    public static string CredentialSettings(RedisTarget target)
    {
        var origins = target.Origins;
        var given = new List<string>();
        if (target.User is not null && target.Password is not null && origins.User == Settings.Url && origins.Password == Settings.Url)
        {
            given.Add($"the user and password in {Settings.Url.EnvVar}");
        }
        else
        {
            given.AddRange([.. Name(target.User, origins.User, "user"), .. Name(target.Password, origins.Password, "password")]);
        }

        return given.Count > 0 ? string.Join(" / ", given) : $"{Settings.User.EnvVar} / {Settings.Auth.EnvVar}";

        static IEnumerable<string> Name(string? value, Setting origin, string what) =>
            value is null ? [] : [origin == Settings.Url ? $"the {what} in {Settings.Url.EnvVar}" : origin.EnvVar];
    }

    // Without an inner exception the library's message is advice about its own options; what
    // the operator needs is whether the port refused or nothing answered in time.
    private static string NoConnectionReason(RedisTarget target, TimeSpan elapsed) =>
        EndedAtOnce(target, elapsed)
            ? "connection refused or closed"
            : target.Tls
                ? $"no TLS handshake within {target.TimeoutSeconds}s (CRONLOCK_REDIS_TIMEOUT); is the port really TLS?"
                : $"no answer within {target.TimeoutSeconds}s (CRONLOCK_REDIS_TIMEOUT)";

    // The library's own message wraps the cause; the cause is in the innermost exception.
    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
