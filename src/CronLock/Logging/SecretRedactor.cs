namespace CronLock.Logging;

/// <summary>
/// Removes the Redis password from text that comes from outside our control (client exception
/// messages), so it can never reach a log line whatever the library puts in its messages.
/// </summary>
internal sealed class SecretRedactor(string? secret)
{
    public string Redact(string text) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    /// <summary>Library messages span several lines; a crontab log wants the first one.</summary>
    public string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return Redact((end < 0 ? line : line[..end]).TrimEnd().ToString());
    }
}
