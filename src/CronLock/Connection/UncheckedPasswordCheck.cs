using CronLock.Options;
using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>
/// A password given to a server that checks none is refused: this host may be talking to another,
/// unprotected server than the one meant. The handshake does not tell: on a server whose default
/// user has no password, AUTH with a password answers an error the client library ignores, and
/// AUTH default with any password succeeds. So the password is sent once more on its own (AUTH
/// password, which is AUTH default password): a server that checks it says OK and the connection
/// stays who it was; one that checks none says it has no password. No ACL log entry either way,
/// unlike a deliberately wrong password would leave. Costs nothing without a password, one round
/// trip with one. A named ACL user is checked by <see cref="AclUserCheck"/> instead.
/// </summary>
internal static class UncheckedPasswordCheck
{
    /// <returns>Null when the server checks the password (or none was given), else the refusal.</returns>
    public static async Task<string?> RefusalAsync(IConnectionMultiplexer connection, RedisTarget target)
    {
        if (target.Password is not { } password || target.User is not (null or "default"))
        {
            return null;
        }

        try
        {
            await connection.GetDatabase(target.DatabaseIndex).ExecuteAsync("AUTH", password);
            return null;
        }
        catch (RedisServerException e) when (IsNoPasswordSet(e.Message))
        {
            return $"{target.Origins.Password.EnvVar} gives a password, but Redis at {target.Description} requires none: refusing to run against a server "
                + "that may not be the one meant (set requirepass on the server, or remove the password)";
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // AUTH renamed or refused for another reason (the handshake's own AUTH passed), or no
            // answer: the lock's own first command reports a server that stopped answering.
            return null;
        }
    }

    /// <summary>Redis 6+: "AUTH &lt;password&gt; called without any password configured…"; before 6: "Client sent AUTH, but no password is set".</summary>
    public static bool IsNoPasswordSet(string message) =>
        message.Contains("without any password configured", StringComparison.OrdinalIgnoreCase)
        || message.Contains("no password is set", StringComparison.OrdinalIgnoreCase);
}
