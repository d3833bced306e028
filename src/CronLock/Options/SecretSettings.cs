using CronLock.Core.Locking;

namespace CronLock.Options;

/// <summary>
/// Which CRONLOCK_* variables carry a secret, so the job's environment goes without them. Jobs
/// dump their environment into logs and crash reports; a password must not go along, whichever
/// way it was spelled: CRONLOCK_AUTH, a redis:// URL with a password (plain or percent-encoded),
/// a configuration string's password=, or any variable that happens to hold the password. The
/// reporting URLs (PING_URL, WEBHOOK_URL) hold their checks' keys and go too.
/// </summary>
internal static class SecretSettings
{
    public static bool CarriesSecret(string name, string value, SecretRedactor passwords) =>
        name == Settings.Auth.EnvVar
        || name == Settings.SentinelAuth.EnvVar
        || name == Settings.PingUrl.EnvVar
        || name == Settings.WebhookUrl.EnvVar
        || (name == Settings.Url.EnvVar && HoldsPassword(value))
        || passwords.Reveals(value);

    /// <summary>True for a URL whose userinfo has a password, and for a configuration string with a password option.</summary>
    public static bool HoldsPassword(string url) =>
        RedisUrl.HasScheme(url) ? RedisUrl.HasPassword(url) : ConfigurationPasswords(url).Any();

    /// <summary>
    /// The password values of a StackExchange.Redis configuration string (password=…,
    /// sentinelPassword=…), found as the library finds its options: comma-separated key=value
    /// pairs, keys in any case, spaces around them ignored. Any key that says "password" counts,
    /// so a misspelt one is withheld too.
    /// </summary>
    public static IEnumerable<string> ConfigurationPasswords(string configuration) =>
        configuration.Split(',')
            .Select(option => option.Split('=', 2))
            .Where(pair => pair.Length == 2 && IsPasswordKey(pair[0]))
            .Select(pair => pair[1].Trim())
            .Where(password => password.Length > 0);

    private static bool IsPasswordKey(string key) =>
        string.Concat(key.Where(char.IsAsciiLetterOrDigit)).Contains("password", StringComparison.OrdinalIgnoreCase);
}
