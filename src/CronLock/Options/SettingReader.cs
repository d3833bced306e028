using System.Globalization;

namespace CronLock.Options;

/// <summary>Reads one setting at a time and builds errors that name it and the value seen.</summary>
internal sealed class SettingReader(IReadOnlyDictionary<Setting, RawValue> raw)
{
    /// <summary>The longest duration a job-side setting (TIMEOUT, LEASE, RELEASE...) takes: 10 years.</summary>
    public const int MaxSeconds = 10 * 365 * 24 * 3600;

    /// <summary>True when the user set this setting (flag or env var).</summary>
    public bool IsGiven(Setting setting) => raw.ContainsKey(setting);

    public string Text(Setting setting, string fallback) =>
        raw.TryGetValue(setting, out var value) ? value.Text : fallback;

    public string? OptionalText(Setting setting) =>
        raw.TryGetValue(setting, out var value) && value.Text.Length > 0 ? value.Text : null;

    public int Seconds(Setting setting, int fallback, int min, int max = MaxSeconds) =>
        Integer(setting, fallback, min, max, $"a whole number of seconds ({min}-{max})");

    /// <summary>A duration: whole seconds, or a number with s, m, h or d (90, 90s, 10m, 2h, 1d).</summary>
    public int Duration(Setting setting, int fallback, int min, int max = MaxSeconds)
    {
        if (!raw.TryGetValue(setting, out var value))
        {
            return fallback;
        }

        var text = value.Text;
        var unit = text.Length > 0 ? char.ToLowerInvariant(text[^1]) switch { 's' => 1L, 'm' => 60L, 'h' => 3600L, 'd' => 86400L, _ => 0L } : 0L;
        var digits = unit == 0 ? text : text[..^1];
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number <= max && number * Math.Max(unit, 1) is var seconds && seconds >= min && seconds <= max)
        {
            return (int)seconds;
        }

        throw Invalid(setting, $"is not a duration (90, 90s, 10m, 2h or 1d; {min}s to {max / 86400} days)");
    }

    public int Port(Setting setting, int fallback) => Integer(setting, fallback, min: 1, max: 65535, "a port number (1-65535)");

    public int Integer(Setting setting, int fallback, int min, int max, string expected)
    {
        if (!raw.TryGetValue(setting, out var value))
        {
            return fallback;
        }

        // Digits only: no sign, no spaces, no decimals, so "-1", "1.5" and " 5" are all refused.
        if (int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }

        throw Invalid(setting, $"is not {expected}");
    }

    public bool Boolean(Setting setting)
    {
        if (!raw.TryGetValue(setting, out var value))
        {
            return false;
        }

        return value.Text.ToLowerInvariant() switch
        {
            "yes" or "true" or "1" or "on" => true,
            "no" or "false" or "0" or "off" => false,
            _ => throw Invalid(setting, "is not a boolean (yes/no, true/false, 1/0, on/off)"),
        };
    }

    public T Choice<T>(Setting setting, T fallback, IReadOnlyDictionary<string, T> choices, string expected)
    {
        if (!raw.TryGetValue(setting, out var value))
        {
            return fallback;
        }

        return choices.TryGetValue(value.Text.ToLowerInvariant(), out var choice) ? choice : throw Invalid(setting, $"is not {expected}");
    }

    public InvalidSettingException Invalid(Setting setting, string problem)
    {
        var value = raw[setting];
        var twin = value.Origin == setting.Flag ? setting.EnvVar : setting.Flag;
        return new InvalidSettingException($"{value.Origin} (or {twin}) value \"{value.Text}\" {problem}");
    }
}
