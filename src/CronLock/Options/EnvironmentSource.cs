namespace CronLock.Options;

/// <summary>Collects each setting's raw text: a flag beats the env var, the env var beats the default.</summary>
internal static class EnvironmentSource
{
    /// <param name="environment">Looks up an environment variable; injected so tests need no real environment.</param>
    /// <param name="flags">Values of the flags given on the command line (switches as "yes").</param>
    public static IReadOnlyDictionary<Setting, RawValue> Read(
        Func<string, string?> environment,
        IReadOnlyDictionary<Setting, string> flags)
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
        }

        return values;
    }

    // Crontabs often carry `CRONLOCK_X=` lines: an empty value means "not set", except for the
    // prefix, where golock and bash cronlock both treat an empty value as "no prefix".
    private static bool IsGiven(Setting setting, string value) =>
        value.Length > 0 || setting == Settings.Prefix;
}
