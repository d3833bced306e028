using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>A live connection, or why there is none (one line, password removed).</summary>
/// <param name="Connection">The connection (with Redlock: the first reachable master).</param>
/// <param name="RedlockNodes">With Redlock: one entry per configured master, null where unreachable.</param>
internal sealed record ConnectResult(IConnectionMultiplexer? Connection, string? Error, IReadOnlyList<IConnectionMultiplexer?>? RedlockNodes = null)
{
    public static ConnectResult Connected(IConnectionMultiplexer connection) => new(connection, null);

    public static ConnectResult Failed(string error) => new(null, error);
}
