using System.Globalization;
using System.Text;

namespace CronLock.Logging;

/// <summary>
/// Escapes the characters that would let a value (a setting, a key, a reason read from Redis)
/// break out of its line: a newline in CRONLOCK_PORT must not forge a second log line, and a
/// key holding a tab or an escape sequence must not rearrange --list or the terminal.
/// </summary>
internal static class ControlCharacters
{
    /// <summary>
    /// The text with every C0 control, DEL, C1 control and Unicode line or paragraph separator
    /// written as an escape: \n, \r, \t, else \xNN (below U+0100) or \uNNNN.
    /// </summary>
    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny(Escaped);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (!Escaped.Contains(c))
            {
                escaped.Append(c);
                continue;
            }

            escaped.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < '\u0100' => @"\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                _ => @"\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }

        return escaped.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0x00, 0x20).Select(c => (char)c), '\u007F', .. Enumerable.Range(0x80, 0x20).Select(c => (char)c), '\u2028', '\u2029']);
}
