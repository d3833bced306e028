using System.Globalization;

namespace CronLock.Options;

/// <summary>
/// Turns raw setting text into <see cref="CronLockOptions"/>. Pure. golock silently falls back to
/// defaults on a bad value; CronLock refuses instead, because a typo in a crontab must not turn
/// into a job that runs unlocked, against the wrong Redis, or without its timeout.
/// </summary>
internal static class OptionsValidator
{
    private const int MaxSeconds = 10 * 365 * 24 * 3600;

    private static readonly Dictionary<string, int> SignalNames = new()
    {
        ["kill"] = 9, ["sigkill"] = 9, ["9"] = 9,
        ["term"] = 15, ["sigterm"] = 15, ["15"] = 15,
    };

    private static readonly Dictionary<string, KeyStyle> KeyStyles = new()
    {
        ["golock"] = KeyStyle.Golock,
        ["cronlock"] = KeyStyle.Cronlock,
    };

    private static readonly Dictionary<string, LostLockPolicy> LostPolicies = new()
    {
        ["kill"] = LostLockPolicy.Kill,
        ["warn"] = LostLockPolicy.Warn,
    };

    /// <param name="inspection">--status or --list when one was given on the command line.</param>
    public static ValidationResult Validate(IReadOnlyDictionary<Setting, RawValue> raw, IReadOnlyList<string> command, RunMode? inspection = null, bool json = false)
    {
        try
        {
            return ValidationResult.Valid(Build(new Reader(raw), command, inspection, json));
        }
        catch (InvalidSettingException e)
        {
            return ValidationResult.Invalid(e.Message);
        }
    }

    private static CronLockOptions Build(Reader read, IReadOnlyList<string> command, RunMode? inspection, bool json)
    {
        var host = read.Text(Settings.Host, "localhost");
        if (host.Any(char.IsWhiteSpace))
        {
            throw read.Invalid(Settings.Host, "is not a host name");
        }

        var grace = read.Seconds(Settings.Grace, 40, min: 0);
        var release = read.Seconds(Settings.Release, 86400, min: 1);
        if (grace > release)
        {
            throw new InvalidSettingException(
                $"{Settings.Grace.EnvVar} ({grace}) must not exceed {Settings.Release.EnvVar} ({release}): a lock cannot outlive its maximum");
        }

        var lease = read.Seconds(Settings.Lease, 0, min: 0);
        if (lease > release)
        {
            throw new InvalidSettingException(
                $"{Settings.Lease.EnvVar} ({lease}) must not exceed {Settings.Release.EnvVar} ({release}): renewal never goes past RELEASE");
        }

        var key = read.OptionalText(Settings.Key);
        var reset = read.Boolean(Settings.Reset);
        if (reset && inspection is not null)
        {
            throw new InvalidSettingException($"--reset cannot be combined with --{inspection.Value.ToString().ToLowerInvariant()}");
        }

        var mode = inspection ?? (reset ? RunMode.Reset : RunMode.Run);
        if (json && inspection is null)
        {
            throw new InvalidSettingException("--json only applies to --status and --list");
        }

        if (command.Count == 0 && mode != RunMode.List && !(mode != RunMode.Run && key is not null))
        {
            throw new InvalidSettingException(
                mode == RunMode.Run
                    ? "no command given: usage is cronlock [options] [--] command [args...]"
                    : $"no command given: --{mode.ToString().ToLowerInvariant()} needs the job's command (or CRONLOCK_KEY / --key) to know which lock");
        }

        var style = read.Choice(Settings.KeyCompat, KeyStyle.Golock, KeyStyles, "a key style (golock or cronlock)");
        return new CronLockOptions
        {
            Host = host,
            Port = read.Integer(Settings.Port, 6379, min: 1, max: 65535, "a port number (1-65535)"),
            Password = read.OptionalText(Settings.Auth),
            Database = read.Integer(Settings.Db, 0, min: 0, max: int.MaxValue, "a database number (0 or more)"),
            RedisTimeoutSeconds = read.Seconds(Settings.RedisTimeout, 30, min: 1),
            ConnectTries = Math.Max(1, read.Integer(Settings.ReconnectAttempts, 5, min: 0, max: 1000, "a number of tries (0-1000)")),
            ReconnectBackoffSeconds = read.Seconds(Settings.ReconnectBackoff, 5, min: 0),
            GraceSeconds = grace,
            ReleaseSeconds = release,
            Prefix = read.Text(Settings.Prefix, LockKey.DefaultPrefix),
            LockKey = LockKey.Derive(read.Text(Settings.Prefix, LockKey.DefaultPrefix), key, style, command),
            TimeoutSeconds = read.Seconds(Settings.Timeout, 0, min: 0),
            TimeoutSignal = read.Choice(Settings.TimeoutSignal, 9, SignalNames, "a timeout signal (KILL or TERM)"),
            KillAfterSeconds = read.Seconds(Settings.KillAfter, 10, min: 0),
            LeaseSeconds = lease,
            OnLost = read.Choice(Settings.OnLost, LostLockPolicy.Kill, LostPolicies, "a lost-lock policy (kill or warn)"),
            WaitSeconds = read.Seconds(Settings.Wait, 0, min: 0),
            Tls = read.Boolean(Settings.Tls),
            TlsSkipVerify = read.Boolean(Settings.TlsSkipVerify),
            Verbose = read.Boolean(Settings.Verbose),
            Mode = mode,
            Json = json,
            Command = command,
        };
    }

    /// <summary>Reads one setting at a time and builds errors that name it and the value seen.</summary>
    private sealed class Reader(IReadOnlyDictionary<Setting, RawValue> raw)
    {
        public string Text(Setting setting, string fallback) =>
            raw.TryGetValue(setting, out var value) ? value.Text : fallback;

        public string? OptionalText(Setting setting) =>
            raw.TryGetValue(setting, out var value) && value.Text.Length > 0 ? value.Text : null;

        public int Seconds(Setting setting, int fallback, int min) =>
            Integer(setting, fallback, min, MaxSeconds, min == 0 ? "a whole number of seconds (0 or more)" : $"a whole number of seconds ({min} or more)");

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

    private sealed class InvalidSettingException(string message) : Exception(message);
}
