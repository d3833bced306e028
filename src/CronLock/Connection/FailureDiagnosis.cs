using System.Net;
using System.Net.Sockets;
using CronLock.Options;
using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>
/// The cause of a try the library saw fail without one (the connection just ended): a host name
/// that does not resolve, or a server that said why it hung up (protected mode's DENIED). Runs
/// only after such a failure, so a run that connects pays nothing for it, and an address needs no
/// lookup.
/// </summary>
internal static class FailureDiagnosis
{
    /// <summary>The one-line reason, and whether retrying cannot help; null when nothing more was found.</summary>
    public static async Task<(string Reason, bool Final)?> DiagnoseAsync(
        ConfigurationOptions configuration, RedisTarget target, bool tls, bool endedAtOnce, CancellationToken cancellation)
    {
        var where = $"Redis at {target.Description}";
        var timeout = TimeSpan.FromSeconds(target.TimeoutSeconds);
        var names = configuration.EndPoints.OfType<DnsEndPoint>().Where(e => !IPAddress.TryParse(e.Host, out _)).Select(e => e.Host).Distinct().ToList();
        var lookups = await Task.WhenAll(names.Select(name => LookUpAsync(name, timeout, cancellation)));
        var unresolved = names.Zip(lookups).Where(l => l.Second is SocketError.HostNotFound or SocketError.NoData).Select(l => l.First).ToList();
        var check = target.Origins.Server.EnvVar;
        if (unresolved.Count > 0)
        {
            // A name that does not exist will not exist at the next try either; one of several
            // that does not resolve only says why the others were not enough.
            var name = configuration.EndPoints.Count == 1 ? "the host name" : $"the host name {unresolved[0]}";
            return ($"cannot reach {where}: {name} does not resolve (check {check})", unresolved.Count == configuration.EndPoints.Count);
        }

        if (names.Zip(lookups).FirstOrDefault(l => l.Second is not null) is ({ } failed, { } error))
        {
            // No answer from DNS (EAI_AGAIN, a timeout) is not "no such name": worth another try.
            return ($"cannot reach {where}: the host name {failed} could not be looked up ({Lookup(error)}); is DNS reachable?", false);
        }

        if (tls || !endedAtOnce)
        {
            return null;
        }

        var refusals = await Task.WhenAll(configuration.EndPoints.Select(endpoint => RefusalProbe.ReadAsync(endpoint, timeout, cancellation)));
        return refusals.FirstOrDefault(r => r is not null) is { } refusal
            ? ($"{where} refused the connection: \"{refusal.Text}\"{refusal.Advice}", refusal.Final)
            : null;
    }

    private static async Task<SocketError?> LookUpAsync(string host, TimeSpan timeout, CancellationToken cancellation)
    {
        try
        {
            await Dns.GetHostAddressesAsync(host, cancellation).WaitAsync(timeout, cancellation);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
        catch (TimeoutException)
        {
            return SocketError.TimedOut;
        }
    }

    private static string Lookup(SocketError error) => error switch
    {
        SocketError.TryAgain => "the DNS server did not answer",
        SocketError.TimedOut => "no answer within CRONLOCK_REDIS_TIMEOUT",
        _ => error.ToString(),
    };
}
