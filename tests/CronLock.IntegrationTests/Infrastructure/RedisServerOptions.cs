namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>How a <see cref="RedisServer"/> is started: plain by default, with a password and/or TLS on request.</summary>
internal sealed record RedisServerOptions
{
    /// <summary>Passed as <c>--requirepass</c>; the assertion client authenticates with it.</summary>
    public string? Password { get; init; }

    /// <summary>When set, the server listens for TLS only (<c>--port 0 --tls-port N</c>) with these files.</summary>
    public TestCertificates? Tls { get; init; }

    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
