using System.Text;

namespace CronLock.Options;

/// <summary>
/// Turns raw setting text into <see cref="CronLockOptions"/>. Pure. golock silently falls back to
/// defaults on a bad value; CronLock refuses instead, because a typo in a crontab must not turn
/// into a job that runs unlocked, against the wrong Redis, or without its timeout.
/// </summary>
internal static class OptionsValidator
{
    /// <summary>The most holders CRONLOCK_LIMIT allows: each acquire reads every holder's record.</summary>
    public const int MaxLimit = 1000;

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

    /// <summary>CRONLOCK_HISTORY's ceiling: each entry carries up to 4 KB of output, so the list stays a few MB at most.</summary>
    private const int MaxHistory = 1000;

    private static readonly Dictionary<string, LogFormat> LogFormats = new()
    {
        ["text"] = LogFormat.Text,
        ["json"] = LogFormat.Json,
    };

    private static readonly Dictionary<string, LostLockPolicy> LostPolicies = new()
    {
        ["kill"] = LostLockPolicy.Kill,
        ["warn"] = LostLockPolicy.Warn,
    };

    private static readonly Dictionary<string, bool> PingHeldChoices = new()
    {
        ["none"] = false,
        ["log"] = true,
    };

    /// <param name="requested">The mode a command-line switch asked for (--status, --list, --acquire, --unlock).</param>
    /// <param name="unlockToken">The token given to --unlock.</param>
    /// <param name="processArguments">cronlock's argv as bytes, whose tail is the job's (<see cref="CommandBytes"/>); null when unknown.</param>
    /// <param name="readSecretFile">Reads CRONLOCK_AUTH_FILE (path, setting name): the file reading is done outside Options (Files/SecretFile).</param>
    public static ValidationResult Validate(
        IReadOnlyDictionary<Setting, RawValue> raw,
        IReadOnlyList<string> command,
        RunMode? requested = null,
        bool json = false,
        Func<string, string, string>? readSecretFile = null,
        string? unlockToken = null,
        IReadOnlyList<byte[]>? processArguments = null,
        bool all = false)
    {
        try
        {
            var read = new SettingReader(raw);
            var options = Build(read, command, CommandBytes.Of(command, processArguments), requested, json, readSecretFile ?? NoSecretFileReader, all);
            return ValidationResult.Valid(options with { UnlockToken = unlockToken, PauseAll = all, PauseSeconds = PauseValidation.Seconds(read, options.Mode) });
        }
        catch (InvalidSettingException e)
        {
            return ValidationResult.Invalid(e.Message);
        }
    }

    private static string NoSecretFileReader(string path, string origin) =>
        throw new InvalidOperationException($"{origin} was given but no secret file reader was passed in");

    private static CronLockOptions Build(SettingReader read, IReadOnlyList<string> command, IReadOnlyList<byte[]> commandBytes, RunMode? requested, bool json, Func<string, string, string> readSecretFile, bool all)
    {
        var release = read.Seconds(Settings.Release, 86400, min: 1);
        var lease = read.Seconds(Settings.Lease, 0, min: 0);
        if (lease > release)
        {
            throw new InvalidSettingException(
                $"{Settings.Lease.EnvVar} ({lease}) must not exceed {Settings.Release.EnvVar} ({release}): renewal never goes past RELEASE");
        }

        var key = read.OptionalText(Settings.Key);
        var reset = read.Boolean(Settings.Reset);
        if (reset && requested is not null)
        {
            throw new InvalidSettingException($"--reset cannot be combined with --{requested.Value.ToString().ToLowerInvariant()}");
        }

        var dryRun = read.Boolean(Settings.DryRun);
        if (dryRun && (requested is not null || reset))
        {
            throw new InvalidSettingException($"--dry-run cannot be combined with --{(requested?.ToString() ?? "reset").ToLowerInvariant()}");
        }

        var mode = requested ?? (reset ? RunMode.Reset : dryRun ? RunMode.DryRun : RunMode.Run);
        PauseValidation.CheckTarget(mode, all, key, command.Count);
        if (json && mode is not (RunMode.Status or RunMode.List or RunMode.History or RunMode.DryRun))
        {
            throw new InvalidSettingException("--json only applies to --status, --list, --history and --dry-run");
        }

        // A dry run asks about a run, so it needs what a run needs.
        var runLike = mode is RunMode.Run or RunMode.DryRun;
        if (command.Count == 0 && mode != RunMode.List && !(!runLike && key is not null) && !all)
        {
            throw new InvalidSettingException(
                runLike
                    ? "no command given: usage is cronlock [options] [--] command [args...]"
                    : $"no command given: --{mode.ToString().ToLowerInvariant()} needs the job's command (or CRONLOCK_KEY / --key) to know which lock");
        }

        // GRACE shapes only a run's leave; --acquire/--unlock and the reports never use it, so a
        // dlock-style gate with a short RELEASE needs no --grace beside it.
        var grace = read.Seconds(Settings.Grace, 40, min: 0);
        if (grace > release && runLike)
        {
            throw new InvalidSettingException(
                $"{Settings.Grace.EnvVar} ({grace}) must not exceed {Settings.Release.EnvVar} ({release}): a lock cannot outlive its maximum");
        }

        var style = read.Choice(Settings.KeyCompat, KeyStyle.Golock, KeyStyles, "a key style (golock or cronlock)");
        var prefix = read.Text(Settings.Prefix, LockKey.DefaultPrefix);
        var (pingUrl, webhookUrl) = (ReportUrl.Read(read, Settings.PingUrl, allowQuery: false), ReportUrl.Read(read, Settings.WebhookUrl, allowQuery: true));
        var redis = RedisTargetReader.Read(read, readSecretFile);
        var limit = read.Integer(Settings.Limit, 1, min: 1, max: MaxLimit, $"a number of holders (1-{MaxLimit})");
        if (limit > 1 && redis.Topology == RedisTopology.Redlock)
        {
            // A majority of masters each counting its own holders does not bound the holders at N.
            throw new InvalidSettingException($"{Settings.Limit.EnvVar} ({limit}) cannot be used with {Settings.Hosts.EnvVar} (Redlock): use one Redis, Sentinel or a Cluster");
        }

        if (limit > 1 && (read.IsGiven(Settings.Period) || read.IsGiven(Settings.Schedule)))
        {
            // Once per slot and N at once contradict each other: a slot runs once, on one host.
            throw new InvalidSettingException($"{Settings.Limit.EnvVar} ({limit}) cannot be used with {Settings.Period.EnvVar} or {Settings.Schedule.EnvVar}: a slot runs once, on one host");
        }

        return new CronLockOptions
        {
            Redis = redis,
            GraceSeconds = grace,
            ReleaseSeconds = release,
            Prefix = prefix,
            LockKey = LockKey.Derive(prefix, key, style, commandBytes),
            TimeoutSeconds = read.Seconds(Settings.Timeout, 0, min: 0),
            TimeoutSignal = read.Choice(Settings.TimeoutSignal, 9, SignalNames, "a timeout signal (KILL or TERM)"),
            KillAfterSeconds = read.Seconds(Settings.KillAfter, 10, min: 0),
            LeaseSeconds = lease,
            OnLost = read.Choice(Settings.OnLost, LostLockPolicy.Kill, LostPolicies, "a lost-lock policy (kill or warn)"),
            WaitSeconds = read.Seconds(Settings.Wait, 0, min: 0),
            Limit = limit,
            SplaySeconds = read.Seconds(Settings.Splay, 0, min: 0),
            Slot = SlotRuleReader.Read(read, redis.Topology),
            Verbose = read.Boolean(Settings.Verbose),
            LogFormat = read.Choice(Settings.LogFormat, LogFormat.Text, LogFormats, "a log format (text or json)"),
            MetricsDirectory = read.OptionalText(Settings.MetricsDir),
            Quiet = read.Boolean(Settings.Quiet),
            HistorySize = read.Integer(Settings.History, 20, min: 0, max: MaxHistory, $"a number of runs (0-{MaxHistory})"),
            Mode = mode,
            Reason = read.OptionalText(Settings.Reason) ?? string.Empty,
            Json = json,
            PingUrl = pingUrl,
            PingHeld = read.Choice(Settings.PingHeld, false, PingHeldChoices, "a held-lock ping (none or log)"),
            PingTimeoutSeconds = read.Seconds(Settings.PingTimeout, 5, min: 1, max: ReportUrl.MaxTimeoutSeconds),
            WebhookUrl = webhookUrl,
            // As given, should the parser have split a word of the job's (CommandBytes).
            Command = [.. commandBytes.Select(bytes => Encoding.UTF8.GetString(bytes))],
            CommandBytes = commandBytes,
        };
    }
}
