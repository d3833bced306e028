using StackExchange.Redis;

namespace CronLock.Locking;

internal static class ScriptEvaluation
{
    /// <summary>EVALSHA first (one command); EVAL only when the server has not seen the script yet.</summary>
    public static async Task<RedisResult> EvaluateAsync(this IDatabaseAsync database, LockScript script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(script.Sha1, keys, values);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(script.Text, keys, values);
        }
    }
}
