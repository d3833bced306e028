using StackExchange.Redis;

namespace CronLock.Core.Locking;

internal static class ScriptEvaluation
{
    /// <summary>EVALSHA first (one command); EVAL only when the server has not seen the script yet.</summary>
    /// <remarks>The script selects the database itself (see LockScripts.Prelude); 0 needs no SELECT.</remarks>
    public static async Task<RedisResult> EvaluateAsync(this IDatabase database, LockScript script, RedisKey[] keys, RedisValue[] values)
    {
        values = WithDatabase(database, values);
        try
        {
            return await database.ScriptEvaluateAsync(script.Sha1, keys, values);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(script.Text, keys, values);
        }
    }

    /// <summary>One EVAL of the script's text: never NOSCRIPT, at the cost of sending the whole script.</summary>
    public static Task<RedisResult> EvaluateTextAsync(this IDatabase database, LockScript script, RedisKey[] keys, RedisValue[] values) =>
        database.ScriptEvaluateAsync(script.Text, keys, WithDatabase(database, values), CommandFlags.NoScriptCache);

    private static RedisValue[] WithDatabase(IDatabase database, RedisValue[] values) =>
        [.. values, database.Database == 0 ? RedisValue.EmptyString : (RedisValue)database.Database];
}
