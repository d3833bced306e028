using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CronLock.Reporting;

/// <summary>
/// The textfile-collector file of one job on this host, as text: pure, so what node_exporter reads
/// is tested without a file. Gauges describe the last run here that was not held elsewhere; the
/// success time moves only on success; the counter counts every run here, carried over from the
/// previous file. No sample has a timestamp: node_exporter's textfile collector refuses them.
/// </summary>
internal static partial class MetricsText
{
    public const string StartMetric = "cronlock_last_start_timestamp_seconds";
    public const string DurationMetric = "cronlock_last_duration_seconds";
    public const string ExitCodeMetric = "cronlock_last_exit_code";
    public const string SuccessMetric = "cronlock_last_success_timestamp_seconds";
    public const string RunsMetric = "cronlock_runs_total";

    /// <summary>Every outcome label, in the order they are written: each always present, so rate() works from the first run.</summary>
    public static readonly IReadOnlyList<RunKind> Outcomes = [RunKind.Ran, RunKind.Held, RunKind.Error, RunKind.Timeout, RunKind.Lost];

    private static readonly (string Name, string Type, string Help)[] Gauges =
    [
        (StartMetric, "gauge", "Unix time the last run of this job on this host started (held runs excluded)."),
        (DurationMetric, "gauge", "Seconds the last run of this job on this host took (held runs excluded)."),
        (ExitCodeMetric, "gauge", "cronlock's exit code of the last run of this job on this host (held runs excluded)."),
        (SuccessMetric, "gauge", "Unix time the last successful run (exit 0) of this job on this host ended."),
    ];

    /// <summary>The samples of a previous file (metric name, or name/outcome for the counter, to value); unknown lines are skipped.</summary>
    public static Dictionary<string, double> ParseSamples(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (Sample().Match(line) is not { Success: true } match
                || !double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || double.IsNaN(value) || value < 0)
            {
                continue;
            }

            var name = match.Groups["name"].Value;
            var outcome = Outcome().Match(match.Groups["labels"].Value);
            samples[outcome.Success ? $"{name}/{outcome.Groups[1].Value}" : name] = value;
        }

        return samples;
    }

    /// <summary>The new file: the previous samples moved on by this run.</summary>
    public static string Render(RunRecord record, IReadOnlyDictionary<string, double> previous)
    {
        var samples = new Dictionary<string, double>(previous, StringComparer.Ordinal);
        if (record.Kind != RunKind.Held)
        {
            samples[StartMetric] = record.Started.ToUnixTimeMilliseconds() / 1000.0;
            samples[DurationMetric] = Math.Round(record.Duration.TotalSeconds, 3);
            samples[ExitCodeMetric] = record.ExitCode;
            if (record.ExitCode == 0)
            {
                samples[SuccessMetric] = record.Ended.ToUnixTimeMilliseconds() / 1000.0;
            }
        }

        var counter = $"{RunsMetric}/{RunRecordJson.Outcome(record.Kind)}";
        samples[counter] = samples.GetValueOrDefault(counter) + 1;

        var key = Escape(record.Key);
        var text = new StringBuilder();
        foreach (var (name, type, help) in Gauges)
        {
            // A metric this host has no value for yet (no success so far) is left out, not written as 0:
            // 0 would read as "last succeeded in 1970" and fire every staleness alert at once.
            if (samples.TryGetValue(name, out var value))
            {
                text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name}{{key=\"{key}\"}} {Number(value)}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"# HELP {RunsMetric} Runs of this job on this host, by outcome: ran (took the lock and ran the job), held (held elsewhere), error (exit 201 or the job could not start), timeout (202), lost (203).\n# TYPE {RunsMetric} counter\n");
        foreach (var outcome in Outcomes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{RunsMetric}{{key=\"{key}\",outcome=\"{RunRecordJson.Outcome(outcome)}\"}} {Number(samples.GetValueOrDefault($"{RunsMetric}/{RunRecordJson.Outcome(outcome)}"))}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// The file's name: <c>cronlock_</c>, the key without its prefix in [a-zA-Z0-9_], and, when that
    /// changed or shortened the key, a hash of it, so two keys never share (and fight over) one file.
    /// </summary>
    public static string FileName(string lockKey, string prefix)
    {
        var name = lockKey.StartsWith(prefix, StringComparison.Ordinal) && lockKey.Length > prefix.Length ? lockKey[prefix.Length..] : lockKey;
        var clean = Unsafe().Replace(name, "_");
        if (clean.Length > 160)
        {
            clean = clean[..160];
        }

        if (clean != name)
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(lockKey)))[..12];
            clean = $"{clean}_{hash}";
        }

        return $"cronlock_{clean}.prom";
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex("""^(?<name>cronlock_[a-z_]+)\{(?<labels>[^\n]*)\}\s+(?<value>\S+)\s*$""")]
    private static partial Regex Sample();

    [GeneratedRegex("""outcome="([a-z]+)"$""")]
    private static partial Regex Outcome();

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex Unsafe();
}
