namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// A throwaway master and one replica of it, ready once the master counts the replica online (WAIT would
/// otherwise time out on a slow start). The replica stops first on dispose.
/// </summary>
internal sealed class MasterAndReplica : IAsyncDisposable
{
    private MasterAndReplica(RedisServer master, RedisServer replica)
    {
        Master = master;
        Replica = replica;
    }

    public RedisServer Master { get; }

    public RedisServer Replica { get; }

    public static async Task<MasterAndReplica> StartAsync(CancellationToken cancellationToken)
    {
        var master = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        RedisServer? replica = null;
        try
        {
            replica = await RedisServer.StartAsync(new RedisServerOptions { ReplicaOf = master.Endpoint }, cancellationToken);
            await Poll.UntilAsync(
                async () => (await master.ExecuteAsync("INFO", "replication")).ToString() is var info
                    && info.Contains("connected_slaves:1", StringComparison.Ordinal)
                    && info.Contains("state=online", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15), "the replica to come online", cancellationToken);
            return new MasterAndReplica(master, replica);
        }
        catch
        {
            if (replica is not null)
            {
                await replica.DisposeAsync();
            }

            await master.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Replica.DisposeAsync();
        await Master.DisposeAsync();
    }
}
