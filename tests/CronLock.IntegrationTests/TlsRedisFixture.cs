namespace CronLock.IntegrationTests;

/// <summary>A redis-server that speaks TLS only, with a certificate from a throwaway test CA.</summary>
public sealed class TlsRedisFixture : IAsyncLifetime
{
    private TestCertificates? _certificates;
    private RedisServer? _server;

    internal TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("Not started.");

    internal RedisServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _certificates = await TestCertificates.CreateAsync(cancellationToken);
        _server = await RedisServer.StartAsync(new RedisServerOptions { Tls = _certificates }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _certificates?.Dispose();
    }
}
