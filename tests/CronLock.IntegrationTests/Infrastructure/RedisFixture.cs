using Testcontainers.Redis;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// The shared default Redis for the whole test assembly: a Testcontainers Redis when a Docker engine answers,
/// the local <c>redis-server</c> binary otherwise. Tests never flush it; each owns its keys.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private const string ContainerImage = "redis:7.0";

    private RedisServer? _localServer;
    private RedisContainer? _container;
    private ConnectionMultiplexer? _containerConnection;

    internal RedisEndpoint Endpoint { get; private set; } = new("127.0.0.1", 0);

    /// <summary>"testcontainers" or "redis-server", for diagnostics.</summary>
    internal string Kind { get; private set; } = "none";

    internal IDatabase Database(int db = 0) =>
        _localServer?.Database(db)
        ?? _containerConnection?.GetDatabase(db)
        ?? throw new InvalidOperationException("The Redis fixture is not started.");

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        if (await DockerEngine.AnswersAsync(cancellationToken))
        {
            _container = new RedisBuilder(ContainerImage).Build();
            await _container.StartAsync(cancellationToken);
            Endpoint = new RedisEndpoint(_container.Hostname, _container.GetMappedPublicPort(RedisBuilder.RedisPort));
            _containerConnection = await ConnectionMultiplexer.ConnectAsync(_container.GetConnectionString());
            Kind = "testcontainers";
        }
        else
        {
            _localServer = await RedisServer.StartAsync(cancellationToken: cancellationToken);
            Endpoint = _localServer.Endpoint;
            Kind = "redis-server";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_containerConnection is not null)
        {
            await _containerConnection.DisposeAsync();
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_localServer is not null)
        {
            await _localServer.DisposeAsync();
        }
    }
}
