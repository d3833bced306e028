namespace CronLock.Options;

/// <summary>
/// Reads a reporting URL (CRONLOCK_PING_URL, CRONLOCK_WEBHOOK_URL). Such a URL holds the check's
/// key, so unlike other settings a bad one is refused without echoing its value.
/// </summary>
internal static class ReportUrl
{
    /// <summary>The longest a single report request may take: a monitor must never hold a run up for long.</summary>
    public const int MaxTimeoutSeconds = 300;

    /// <param name="allowQuery">False for a ping URL: CronLock appends /start?rid=… to it.</param>
    public static Uri? Read(SettingReader read, Setting setting, bool allowQuery)
    {
        if (read.OptionalText(setting) is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.Host.Length > 0
            && (allowQuery || url.Query.Length == 0)
            && url.Fragment.Length == 0)
        {
            return url;
        }

        throw new InvalidSettingException(
            $"{setting.DisplayName} is not an absolute http:// or https:// URL{(allowQuery ? "" : " without a query")} (the value is not shown: it holds a secret)");
    }
}
