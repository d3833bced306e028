namespace CronLock.Options;

/// <summary>Where the locks live and how to reach them: validated, secrets included.</summary>
internal sealed record RedisTarget
{
    public required RedisTopology Topology { get; init; }

    /// <summary>The server (Single), the seed node (Cluster), the sentinels (Sentinel), or the masters (Redlock).</summary>
    public required IReadOnlyList<HostPort> Endpoints { get; init; }

    /// <summary>The master the sentinels watch.</summary>
    public string SentinelMaster { get; init; } = "mymaster";

    public string? SentinelPassword { get; init; }

    /// <summary>CRONLOCK_URL when it is a StackExchange.Redis configuration string.</summary>
    public string? ConfigurationString { get; init; }

    public string? User { get; init; }
    public string? Password { get; init; }
    public required int Database { get; init; }

    /// <summary>The settings the server, user, password and database came from, for messages to name.</summary>
    public TargetOrigins Origins { get; init; } = TargetOrigins.Separate;

    /// <summary>The database to use: a configuration string's own defaultDatabase (-1) or <see cref="Database"/>.</summary>
    public int DatabaseIndex => Topology == RedisTopology.ConfigurationString ? -1 : Database;
    public required int TimeoutSeconds { get; init; }

    /// <summary>How many times to try to connect; at least one.</summary>
    public required int ConnectTries { get; init; }

    public required int ReconnectBackoffSeconds { get; init; }
    public required int MinReplicas { get; init; }
    public required bool Tls { get; init; }
    public bool TlsSkipVerify { get; init; }
    public string? TlsCaFile { get; init; }
    public string? TlsCertFile { get; init; }
    public string? TlsKeyFile { get; init; }
    public string? TlsServerName { get; init; }

    /// <summary>Every password the target holds, a configuration string's included: what no log line and no job may see.</summary>
    public IReadOnlyList<string?> Secrets =>
        [Password, SentinelPassword, .. ConfigurationString is { } configuration ? SecretSettings.ConfigurationPasswords(configuration) : []];

    /// <summary>Names the target in messages, without any secret.</summary>
    public string Description => Topology switch
    {
        RedisTopology.Sentinel => $"master {SentinelMaster} via sentinels {string.Join(',', Endpoints)}",
        RedisTopology.Cluster => $"cluster at {string.Join(',', Endpoints)}",
        RedisTopology.Redlock => $"Redlock masters {string.Join(',', Endpoints)}",
        RedisTopology.ConfigurationString => "the CRONLOCK_URL configuration",
        _ => Endpoints[0].ToString(),
    };
}
