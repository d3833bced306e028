using CronLock.Core.Locking;
using CronLock.Options;
using Serilog;
using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>
/// Connects as the topology needs: one connection for a server, Sentinel group or cluster (a
/// server that turns out to be a cluster node is reconnected to as a cluster); one per master for
/// Redlock, of which a majority must answer.
/// </summary>
internal sealed class TopologyConnector(ILogger log, SecretRedactor redactor, TimeProvider clock)
{
    private readonly RedisConnector connector = new(log, redactor, clock);

    public async Task<ConnectResult> ConnectAsync(RedisTarget target, CancellationToken cancellation)
    {
        if (target.Topology == RedisTopology.Redlock)
        {
            return await ConnectRedlockAsync(target, cancellation);
        }

        var result = await connector.ConnectAsync(target, cancellation);
        if (result.Connection is not { } connection)
        {
            return result;
        }

        if (target.Topology == RedisTopology.Single && connection.GetServers().Any(s => s.ServerType == ServerType.Cluster))
        {
            // The handshake's HELLO says the server is a cluster node: discover the cluster
            // (the trimmed single-server connection could not follow MOVED to other nodes).
            await connection.DisposeAsync();
            log.Debug("{Endpoint} is a cluster node: connecting as to a cluster", target.Description);
            return await ConnectAsync(target with { Topology = RedisTopology.Cluster }, cancellation);
        }

        // Both commands go out before either answer is awaited: one round trip for the two.
        var passwordCheck = UncheckedPasswordCheck.RefusalAsync(connection, target);
        var wrongUser = await AclUserCheck.WrongUserAsync(connection, target);
        var uncheckedPassword = await passwordCheck;
        if ((wrongUser ?? uncheckedPassword) is { } refusal)
        {
            await connection.DisposeAsync();
            return ConnectResult.Failed(refusal);
        }

        return result;
    }

    /// <summary>Each master on its own, at once; a majority must answer, the rest may be down.</summary>
    private async Task<ConnectResult> ConnectRedlockAsync(RedisTarget target, CancellationToken cancellation)
    {
        var results = await Task.WhenAll(target.Endpoints.Select(endpoint =>
            ConnectAsync(target with { Topology = RedisTopology.Single, Endpoints = [endpoint] }, cancellation)));
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
}
