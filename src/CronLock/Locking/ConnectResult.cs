using StackExchange.Redis;

namespace CronLock.Locking;

/// <summary>A live connection, or why there is none (one line, password removed).</summary>
internal sealed record ConnectResult(IConnectionMultiplexer? Connection, string? Error)
{
    public static ConnectResult Connected(IConnectionMultiplexer connection) => new(connection, null);

    public static ConnectResult Failed(string error) => new(null, error);
}
