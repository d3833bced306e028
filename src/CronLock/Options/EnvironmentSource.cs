namespace CronLock.Options;

/// <summary>Collects each setting's raw text: flag, then env var, then config file, then default.</summary>
internal static class EnvironmentSource
{
    /// <summary>
    /// The config file to read and the setting that named it: --config, else CRONLOCK_CONFIG (both
    /// must exist), else /etc/cronlock.conf when there is one. Null when there is none.
    /// </summary>
    public static RawValue? ConfigPath(Func<string, string?> environment, IReadOnlyDictionary<Setting, string> flags, Func<string, bool> fileExists) =>
        flags.TryGetValue(Settings.Config, out var flag) && flag.Length > 0 ? new RawValue(flag, Settings.Config.Flag)
        : environment(Settings.Config.EnvVar) is { Length: > 0 } env ? new RawValue(env, Settings.Config.EnvVar)
        : fileExists(ConfigFile.DefaultPath) ? new RawValue(ConfigFile.DefaultPath, $"{Settings.Config.EnvVar} (default)")
        : null;

    /// <summary>Each setting's raw text and where it came from.</summary>
    /// <param name="environment">Looks up an environment variable; injected so tests need no real environment.</param>
    /// <param name="flags">Values of the flags given on the command line (switches as "yes").</param>
    /// <param name="configFile">Values read from the config file, if any.</param>
    public static IReadOnlyDictionary<Setting, RawValue> Read(
        Func<string, string?> environment,
        IReadOnlyDictionary<Setting, string> flags,
        IReadOnlyDictionary<Setting, RawValue>? configFile = null)
    {
        var values = new Dictionary<Setting, RawValue>();
        foreach (var setting in Settings.All)
        {
            if (flags.TryGetValue(setting, out var flag) && IsGiven(setting, flag))
            {
                values[setting] = new RawValue(flag, setting.Flag);
            }
            else if (environment(setting.EnvVar) is { } env && IsGiven(setting, env))
            {
                values[setting] = new RawValue(env, setting.EnvVar);
            }
            else if (configFile is not null && configFile.TryGetValue(setting, out var fromFile) && IsGiven(setting, fromFile.Text))
            {
                values[setting] = fromFile;
            }
        }

        return values;
    }

    // Crontabs often carry `CRONLOCK_X=` lines: an empty value means "not set", except for the
    // prefix, where golock and bash cronlock both treat an empty value as "no prefix".
    private static bool IsGiven(Setting setting, string value) =>
        value.Length > 0 || setting == Settings.Prefix;
}
