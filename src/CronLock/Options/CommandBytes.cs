using System.Text;

namespace CronLock.Options;

/// <summary>The job's argv as the bytes cronlock was given. Pure.</summary>
internal static class CommandBytes
{
    /// <summary>
    /// The parsed command is always the last tokens of argv (everything from the first positional
    /// on is the job's), so its bytes are argv's tail. The tail is taken only when it decodes to
    /// exactly the parsed strings; otherwise, and when argv is unknown, the strings' UTF-8.
    /// </summary>
    /// <param name="command">The job's program and arguments, as parsed.</param>
    /// <param name="processArguments">The process's argv after the program's name, as bytes; null when unknown.</param>
    public static IReadOnlyList<byte[]> Of(IReadOnlyList<string> command, IReadOnlyList<byte[]>? processArguments)
    {
        if (processArguments is { } argv && argv.Count >= command.Count)
        {
            var tail = argv.Skip(argv.Count - command.Count).ToArray();
            if (tail.Select(bytes => Encoding.UTF8.GetString(bytes)).SequenceEqual(command, StringComparer.Ordinal))
            {
                return tail;
            }
        }

        return [.. command.Select(Encoding.UTF8.GetBytes)];
    }
}
