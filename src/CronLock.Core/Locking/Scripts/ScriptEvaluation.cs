using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

internal static class ScriptEvaluation
{
    /// <summary>EVALSHA first (one command); EVAL only when the server has not seen the script yet.</summary>
    /// <remarks>The script selects the database itself (see <see cref="LockScripts.Prelude"/>); 0 needs no SELECT.</remarks>
    public static async Task<RedisResult> EvaluateAsync(this IDatabase database, IScriptArguments arguments)
    {
        var script = arguments.Script;
        var keys = arguments.ToKeys();
        var values = WithDatabase(database, arguments.ToArgv());
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
    public static Task<RedisResult> EvaluateTextAsync(this IDatabase database, IScriptArguments arguments) =>
        database.ScriptEvaluateAsync(arguments.Script.Text, arguments.ToKeys(), WithDatabase(database, arguments.ToArgv()), CommandFlags.NoScriptCache);

    private static RedisValue[] WithDatabase(IDatabase database, RedisValue[] values) =>
        [.. values, database.Database == 0 ? RedisValue.EmptyString : (RedisValue)database.Database];
}
