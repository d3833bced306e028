namespace CronLock.Options;

/// <summary>How CronLock finds the Redis that holds its locks.</summary>
internal enum RedisTopology
{
    /// <summary>One server (golock). The connection handshake is trimmed to the bare minimum.</summary>
    Single,

    /// <summary>Sentinels name the current master; the lock follows a failover.</summary>
    Sentinel,

    /// <summary>A Redis Cluster: nodes are discovered, MOVED/ASK followed.</summary>
    Cluster,

    /// <summary>Redlock: independent masters, a lock needs a majority of them.</summary>
    Redlock,

    /// <summary>A StackExchange.Redis configuration string given in CRONLOCK_URL, used as written.</summary>
    ConfigurationString,
}
