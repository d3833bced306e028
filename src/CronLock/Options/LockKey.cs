using System.Text;

namespace CronLock.Options;

/// <summary>Derives the Redis key of a job exactly as golock and bash cronlock do. Pure.</summary>
internal static class LockKey
{
    public const string DefaultPrefix = "cronlock.";

    public static string Derive(string prefix, string? key, KeyStyle style, IReadOnlyList<string> command) =>
        prefix + (string.IsNullOrEmpty(key) ? HashOf(command, style) : key);

    /// <summary>The command line as the hash sees it: arguments joined by single spaces.</summary>
    public static string CommandLine(IReadOnlyList<string> command) => string.Join(' ', command);

    private static string HashOf(IReadOnlyList<string> command, KeyStyle style)
    {
        var text = CommandLine(command);
        if (style == KeyStyle.Cronlock)
        {
            text += "\n";
        }

        return Convert.ToHexStringLower(Md5.Hash(Encoding.UTF8.GetBytes(text)));
    }
}
