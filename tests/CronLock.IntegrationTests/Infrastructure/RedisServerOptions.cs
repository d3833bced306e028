namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// How a <see cref="RedisServer"/> is started: plain by default; with a password, TLS, as a replica or as a
/// cluster node on request.
/// </summary>
internal sealed record RedisServerOptions
{
    /// <summary>Passed as <c>--requirepass</c> (and <c>--masterauth</c>); the assertion client authenticates with it.</summary>
    public string? Password { get; init; }

    /// <summary>When set, the server listens for TLS only (<c>--port 0 --tls-port N</c>) with these files.</summary>
    public TestCertificates? Tls { get; init; }

    /// <summary>
    /// With <see cref="Tls"/>: serve this certificate instead of the good server certificate (e.g. the expired or
    /// other-host one). Set together with <see cref="TlsKeyFile"/>. The assertion client then accepts whatever the
    /// server shows: it is our own server, and the point is that cronlock refuses it.
    /// </summary>
    public string? TlsCertificateFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>With <see cref="Tls"/>: <c>--tls-auth-clients yes</c>; the assertion client shows the test client certificate.</summary>
    public bool TlsAuthClients { get; init; }

    /// <summary>Starts as <c>--replicaof</c> this server (authenticating with <see cref="Password"/>).</summary>
    public RedisEndpoint? ReplicaOf { get; init; }

    /// <summary><c>--cluster-enabled yes</c> with its nodes.conf in the server's own directory.</summary>
    public bool ClusterEnabled { get; init; }

    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
