using System.Buffers;
using System.Text;

namespace CronLock.Core.Locking;

/// <summary>
/// Removes the Redis passwords from text that comes from outside our control (client exception
/// messages), so they can never reach a log line whatever the library puts in its messages.
/// A password is found in every spelling a URL gives it: as is, and with any of its characters
/// percent-encoded (either hex case), since redis://:s3cr3t%40pw@host and the decoded s3cr3t@pw
/// are the same secret.
/// </summary>
internal sealed class SecretRedactor
{
    private readonly string[] _secrets;

    public SecretRedactor(params string?[] secrets)
    {
        // A secret that itself reads as percent-encoding (CRONLOCK_AUTH=p%40ss) is also withheld in
        // its decoded spelling: whoever wrote it may mean either.
        _secrets = [.. secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s!, Uri.UnescapeDataString(s!) })
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal)];
    }

    public string Redact(string text)
    {
        if (_secrets.Length == 0)
        {
            return text;
        }

        StringBuilder? redacted = null;
        var copied = 0;
        for (var at = 0; at < text.Length;)
        {
            var length = SecretAt(text, at);
            if (length == 0)
            {
                at++;
                continue;
            }

            redacted ??= new StringBuilder(text.Length);
            redacted.Append(text, copied, at - copied).Append("***");
            at += length;
            copied = at;
        }

        return redacted is null ? text : redacted.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>True when the text holds one of the secrets, in any spelling.</summary>
    public bool Reveals(string text)
    {
        for (var at = 0; at < text.Length; at++)
        {
            if (SecretAt(text, at) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Library messages span several lines, and a timeout's first line runs to hundreds of
    /// characters of client internals (queue sizes, thread-pool counters); a crontab mail wants
    /// the first line, cut at a clause boundary once it has said what happened.
    /// </summary>
    public string FirstLine(string text)
    {
        const int Enough = 160;

        // Redacted before it is cut: a cut through a password would leave its first part behind.
        var line = Redact(text).AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        line = (end < 0 ? line : line[..end]).TrimEnd();
        if (line.Length > Enough)
        {
            var cut = line[..Enough].LastIndexOf(", ", StringComparison.Ordinal);
            return line[..(cut > 40 ? cut : Enough)].ToString() + " …";
        }

        return line.ToString();
    }

    /// <summary>How many characters of the text, from <paramref name="start"/>, spell a secret (the longest); 0 if none does.</summary>
    private int SecretAt(string text, int start)
    {
        var longest = 0;
        foreach (var secret in _secrets)
        {
            longest = Math.Max(longest, Spelled(text, start, secret));
        }

        return longest;
    }

    /// <summary>
    /// How many characters of the text, from <paramref name="start"/>, spell the secret with each
    /// character as itself or as the %XX of its UTF-8 bytes; 0 if they do not.
    /// </summary>
    private static int Spelled(string text, int start, string secret)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var at = start;
        for (var i = 0; i < secret.Length;)
        {
            var valid = Rune.DecodeFromUtf16(secret.AsSpan(i), out var rune, out var consumed) == OperationStatus.Done;
            if (text.AsSpan(at).StartsWith(secret.AsSpan(i, consumed), StringComparison.Ordinal))
            {
                at += consumed;
            }
            else if (valid && PercentEncodedAt(text, at, utf8[..rune.EncodeToUtf8(utf8)]))
            {
                at += 3 * rune.Utf8SequenceLength;
            }
            else
            {
                return 0;
            }

            i += consumed;
        }

        return at - start;
    }

    private static bool PercentEncodedAt(string text, int at, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (at + 3 > text.Length || text[at] != '%' || !byte.TryParse(text.AsSpan(at + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value) || value != b)
            {
                return false;
            }

            at += 3;
        }

        return true;
    }
}
