namespace CronLock.Options;

/// <summary>
/// One CronLock setting: its environment variable, its flag twin and its help text.
/// A switch is a flag without a value (<c>--tls</c>) whose env twin takes a boolean.
/// </summary>
internal sealed record Setting(string Name, string Flag, string ValueName, string Default, string Description, bool IsSwitch = false)
{
    public string EnvVar => "CRONLOCK_" + Name;

    /// <summary>How error messages name the setting: both spellings, so the user finds it either way.</summary>
    public string DisplayName => $"{EnvVar} / {Flag}";
}
