using System.Diagnostics;
using CronLock.Core.Locking;
using CronLock.Core.Timing;
using CronLock.Options;
using Serilog;
using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>Connects to one server, Sentinel group or cluster as the target says, retrying as golock does.</summary>
internal sealed class RedisConnector(ILogger log, SecretRedactor redactor, TimeProvider clock)
{
    public async Task<ConnectResult> ConnectAsync(RedisTarget target, CancellationToken cancellation)
    {
        var (configuration, error) = RedisConfiguration.Build(target);
        if (configuration is null)
        {
            return ConnectResult.Failed(error!);
        }

        TlsSettings? tls = null;
        if (RedisConfiguration.UsesTls(target, configuration))
        {
            (tls, error) = TlsSettings.Load(target with { Tls = true });
            if (tls is null)
            {
                return ConnectResult.Failed(error!);
            }

            tls.ApplyTo(configuration);
        }

        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            tls?.Reset();
            try
            {
                return ConnectResult.Connected(await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellation));
            }
            catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                var diagnosis = ConnectionFailure.LacksCause(e)
                    ? await FailureDiagnosis.DiagnoseAsync(configuration, target, tls is not null, ConnectionFailure.EndedAtOnce(target, elapsed), cancellation)
                    : null;
                var reason = diagnosis?.Reason ?? ConnectionFailure.Describe(target, tls, e, elapsed, redactor);
                if (diagnosis?.Final == true || ConnectionFailure.IsFinal(e, tls))
                {
                    return ConnectResult.Failed(reason);
                }

                if (attempt >= target.ConnectTries)
                {
                    return ConnectResult.Failed(attempt == 1 ? reason : $"{reason} (after {attempt} tries)");
                }

                var wait = TimeSpan.FromSeconds((double)target.ReconnectBackoffSeconds * attempt);
                log.Debug("connect try {Attempt} of {Tries} failed: {Error}; next try in {Seconds}s", attempt, target.ConnectTries, reason, wait.TotalSeconds);
                await LongDelay.DelayAsync(wait, clock, cancellation);
            }
        }
    }
}
