using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>
/// A command that got no answer, in CronLock's words. The client library's own sentence ("timed
/// out in the backlog attempting to send because no connection became available…") describes its
/// queues; what the operator needs is whether the connection is gone or Redis is just slow.
/// </summary>
internal static class RedisFailure
{
    public static string Describe(Exception e, IConnectionMultiplexer connection, SecretRedactor redactor) => e switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException when !connection.IsConnected =>
            "the connection to Redis is lost",
        RedisConnectionException => "the connection to Redis broke",
        RedisTimeoutException or TimeoutException => "Redis did not answer in time",
        _ => redactor.FirstLine(e.Message),
    };
}
