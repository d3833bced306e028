namespace CronLock.Options;

/// <summary>Derives the Redis key of a job exactly as golock and bash cronlock do. Pure.</summary>
internal static class LockKey
{
    public const string DefaultPrefix = "cronlock.";

    /// <param name="command">The job's argv as bytes (<see cref="CommandBytes"/>): golock and bash
    /// cronlock hash the bytes they were given, UTF-8 or not.</param>
    public static string Derive(string prefix, string? key, KeyStyle style, IReadOnlyList<byte[]> command) =>
        prefix + (string.IsNullOrEmpty(key) ? HashOf(command, style) : key);

    /// <summary>The command line as the hash sees it, for logs and the holder record: arguments joined by single spaces.</summary>
    public static string CommandLine(IReadOnlyList<string> command) => string.Join(' ', command);

    private static string HashOf(IReadOnlyList<byte[]> command, KeyStyle style)
    {
        // golock: the arguments joined by single spaces; bash cronlock's `echo "$@"` adds a newline.
        var text = new List<byte>();
        for (var i = 0; i < command.Count; i++)
        {
            if (i > 0)
            {
                text.Add((byte)' ');
            }

            text.AddRange(command[i]);
        }

        if (style == KeyStyle.Cronlock)
        {
            text.Add((byte)'\n');
        }

        return Convert.ToHexStringLower(Md5.Hash([.. text]));
    }
}
