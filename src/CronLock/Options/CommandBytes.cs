using System.Text;

namespace CronLock.Options;

/// <summary>The job's argv as the bytes cronlock was given. Pure.</summary>
internal static class CommandBytes
{
    /// <summary>
    /// The parsed command is always the last words of argv (everything from the first positional
    /// on is the job's), so its bytes are argv's tail. The tail is taken only when it decodes to
    /// the parsed strings; otherwise, and when argv is unknown, the strings' UTF-8.
    /// </summary>
    /// <param name="command">The job's program and arguments, as parsed.</param>
    /// <param name="processArguments">The process's argv after the program's name, as bytes; null when unknown.</param>
    public static IReadOnlyList<byte[]> Of(IReadOnlyList<string> command, IReadOnlyList<byte[]>? processArguments) =>
        processArguments is { } argv && Tail(command, argv) is { } tail ? tail : [.. command.Select(Encoding.UTF8.GetBytes)];

    /// <summary>
    /// argv's words that the parser read as <paramref name="command"/>, found walking back from the
    /// end. The parser splits a word that starts with one of cronlock's option names and a value
    /// ("--prefix=a", "--json:x") into two, even after the command's first word; the job must get
    /// that word, and the key must hash it, as given (golock hashes its argv untouched). Null when
    /// argv does not end with the command.
    /// </summary>
    private static byte[][]? Tail(IReadOnlyList<string> command, IReadOnlyList<byte[]> argv)
    {
        var words = new Stack<byte[]>();
        var next = command.Count - 1;
        for (var i = argv.Count - 1; next >= 0; i--)
        {
            if (i < 0)
            {
                return null;
            }

            var word = Encoding.UTF8.GetString(argv[i]);
            if (word == command[next])
            {
                next--;
            }
            else if (next >= 1 && command[next - 1].StartsWith('-') && (word == $"{command[next - 1]}={command[next]}" || word == $"{command[next - 1]}:{command[next]}"))
            {
                next -= 2;
            }
            else
            {
                return null;
            }

            words.Push(argv[i]);
        }

        return [.. words];
    }
}
