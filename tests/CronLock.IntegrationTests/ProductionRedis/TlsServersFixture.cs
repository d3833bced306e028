namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// TLS-only redis-servers from one throwaway test CA, one per way a production TLS setup goes right or wrong:
/// a good certificate, an expired one, one for another host name, and a server that demands a client certificate.
/// </summary>
public sealed class TlsServersFixture : IAsyncLifetime
{
    private readonly List<RedisServer> _servers = [];
    private TestCertificates? _certificates;

    internal TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("Not started.");

    /// <summary>Certificate for localhost and 127.0.0.1, signed by the test CA, valid now.</summary>
    internal RedisServer Trusted => Server(0);

    /// <summary>Same CA and names, valid only in January 2020.</summary>
    internal RedisServer Expired => Server(1);

    /// <summary>Same CA and dates, issued for redis.test only.</summary>
    internal RedisServer OtherHost => Server(2);

    /// <summary>The good certificate, and <c>--tls-auth-clients yes</c>: no client certificate, no connection.</summary>
    internal RedisServer Mutual => Server(3);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _certificates = await TestCertificates.CreateAsync(cancellationToken);
        var tls = new RedisServerOptions { Tls = _certificates };
        RedisServerOptions[] servers =
        [
            tls,
            tls with { TlsCertificateFile = _certificates.ExpiredServerCertificateFile, TlsKeyFile = _certificates.ExpiredServerKeyFile },
            tls with { TlsCertificateFile = _certificates.OtherHostServerCertificateFile, TlsKeyFile = _certificates.OtherHostServerKeyFile },
            tls with { TlsAuthClients = true },
        ];
        foreach (var options in servers)
        {
            _servers.Add(await RedisServer.StartAsync(options, cancellationToken));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _certificates?.Dispose();
    }

    private RedisServer Server(int index) => index < _servers.Count ? _servers[index] : throw new InvalidOperationException("Not started.");
}
