namespace CronLock.Locking;

/// <summary>
/// Removes the Redis passwords from text that comes from outside our control (client exception
/// messages), so they can never reach a log line whatever the library puts in its messages.
/// </summary>
internal sealed class SecretRedactor(params string?[] secrets)
{
    private readonly string[] _secrets = secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray();

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>True when the text holds one of the secrets.</summary>
    public bool Reveals(string text) => _secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal));

    /// <summary>
    /// Library messages span several lines, and a timeout's first line runs to hundreds of
    /// characters of client internals (queue sizes, thread-pool counters); a crontab mail wants
    /// the first line, cut at a clause boundary once it has said what happened.
    /// </summary>
    public string FirstLine(string text)
    {
        const int Enough = 160;
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        line = (end < 0 ? line : line[..end]).TrimEnd();
        if (line.Length > Enough)
        {
            var cut = line[..Enough].LastIndexOf(", ", StringComparison.Ordinal);
            line = line[..(cut > 40 ? cut : Enough)];
            return Redact(line.ToString()) + " …";
        }

        return Redact(line.ToString());
    }
}
