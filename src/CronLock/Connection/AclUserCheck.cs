using CronLock.Options;
using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>
/// With CRONLOCK_USER, checks the server took us for that user: when the ACL user's AUTH is
/// refused, the library carries on as the "default" user, and on a server whose default user
/// is open the job would then run under an identity nobody configured. One ACL WHOAMI; a user
/// not allowed to run it (NOPERM) is by that very fact not the open default user.
/// </summary>
internal static class AclUserCheck
{
    /// <returns>Null when the connection is the configured user (or none was configured), else why not.</returns>
    public static async Task<string?> WrongUserAsync(IConnectionMultiplexer connection, RedisTarget target)
    {
        if (target.User is not { } user)
        {
            return null;
        }

        try
        {
            // Through the database, not the server: a server-level command makes the library
            // send a SELECT first, which a least-privilege user may not be allowed.
            var actual = (string?)await connection.GetDatabase(target.DatabaseIndex).ExecuteAsync("ACL", "WHOAMI");
            return actual is null || actual == user
                ? null
                : $"authentication to Redis at {target.Description} as {Settings.User.EnvVar} \"{user}\" failed (check CRONLOCK_AUTH): the server took this connection for user \"{actual}\"";
        }
        catch (RedisServerException)
        {
            return null;
        }
    }
}
