using CronLock.Reporting;

namespace CronLock.Tests.Reporting;

/// <summary>The textfile-collector file as text: what each run moves, and what it carries over.</summary>
public sealed class MetricsTextTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static RunRecord Run(RunKind kind, int exitCode, double seconds = 2.5) =>
        new("cronlock.backup", "web-1", 42, "backup.sh", 7, Start, Start.AddSeconds(seconds), exitCode, kind, null, null);

    [Fact]
    public void A_first_run_writes_every_metric_with_help_type_and_key_and_no_timestamp()
    {
        var text = MetricsText.Render(Run(RunKind.Ran, 0), new Dictionary<string, double>());

        Assert.Contains("# HELP cronlock_last_start_timestamp_seconds ", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE cronlock_runs_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("cronlock_last_start_timestamp_seconds{key=\"cronlock.backup\"} 1800000000\n", text, StringComparison.Ordinal);
        Assert.Contains("cronlock_last_duration_seconds{key=\"cronlock.backup\"} 2.5\n", text, StringComparison.Ordinal);
        Assert.Contains("cronlock_last_exit_code{key=\"cronlock.backup\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("cronlock_last_success_timestamp_seconds{key=\"cronlock.backup\"} 1800000002.5\n", text, StringComparison.Ordinal);
        Assert.Contains("cronlock_runs_total{key=\"cronlock.backup\",outcome=\"ran\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("cronlock_runs_total{key=\"cronlock.backup\",outcome=\"lost\"} 0\n", text, StringComparison.Ordinal);
        // Every sample line is "name{labels} value": a third field would be a timestamp, which the collector refuses.
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith('#')),
            line => Assert.Equal(2, line.Split(' ').Length));
    }

    [Fact]
    public void Counters_carry_over_and_a_held_run_moves_only_the_held_count()
    {
        var first = MetricsText.Render(Run(RunKind.Ran, 0), new Dictionary<string, double>());
        var second = MetricsText.Render(Run(RunKind.Ran, 0) with { Started = Start.AddHours(1), Ended = Start.AddHours(1).AddSeconds(1) }, MetricsText.ParseSamples(first));
        var held = MetricsText.Render(Run(RunKind.Held, 200, 0) with { Started = Start.AddHours(2), Ended = Start.AddHours(2) }, MetricsText.ParseSamples(second));

        Assert.Contains("outcome=\"ran\"} 2\n", held, StringComparison.Ordinal);
        Assert.Contains("outcome=\"held\"} 1\n", held, StringComparison.Ordinal);
        Assert.Contains("cronlock_last_exit_code{key=\"cronlock.backup\"} 0\n", held, StringComparison.Ordinal);
        Assert.Contains("cronlock_last_start_timestamp_seconds{key=\"cronlock.backup\"} 1800003600\n", held, StringComparison.Ordinal);
    }

    [Fact]
    public void The_success_time_moves_only_on_success()
    {
        var success = MetricsText.Render(Run(RunKind.Ran, 0), new Dictionary<string, double>());
        var failure = MetricsText.Render(Run(RunKind.Timeout, 202) with { Started = Start.AddHours(1), Ended = Start.AddHours(1).AddSeconds(9) }, MetricsText.ParseSamples(success));

        Assert.Contains("cronlock_last_success_timestamp_seconds{key=\"cronlock.backup\"} 1800000002.5\n", failure, StringComparison.Ordinal);
        Assert.Contains("cronlock_last_exit_code{key=\"cronlock.backup\"} 202\n", failure, StringComparison.Ordinal);
        Assert.Contains("outcome=\"timeout\"} 1\n", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void No_success_yet_leaves_the_success_metric_out_rather_than_writing_1970()
    {
        var text = MetricsText.Render(Run(RunKind.Error, 201), new Dictionary<string, double>());

        Assert.DoesNotContain("cronlock_last_success_timestamp_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_garbled_previous_file_starts_the_counts_again_instead_of_failing()
    {
        var samples = MetricsText.ParseSamples("garbage\ncronlock_runs_total{key=\"k\",outcome=\"ran\"} NaN\ncronlock_runs_total{key=\"k\",outcome=\"held\"} -3\ncronlock_runs_total{key=\"k\",outcome=\"error\"} 4\n");

        Assert.Equal(new Dictionary<string, double> { ["cronlock_runs_total/error"] = 4 }, samples);
    }

    [Fact]
    public void A_key_with_quotes_or_backslashes_is_escaped_in_its_label()
    {
        var text = MetricsText.Render(Run(RunKind.Ran, 0) with { Key = "cronlock.a\"b\\c" }, new Dictionary<string, double>());

        Assert.Contains("{key=\"cronlock.a\\\"b\\\\c\"}", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cronlock.d4e5faeeebee0e002fc65dfd32e69b9e", "cronlock.", "cronlock_d4e5faeeebee0e002fc65dfd32e69b9e.prom")]
    [InlineData("nightly_backup", "", "cronlock_nightly_backup.prom")]
    public void A_clean_key_names_its_file_without_its_prefix(string key, string prefix, string expected) =>
        Assert.Equal(expected, MetricsText.FileName(key, prefix));

    [Fact]
    public void Keys_that_sanitise_alike_get_different_files()
    {
        var dotted = MetricsText.FileName("cronlock.a.b", "cronlock.");
        var underscored = MetricsText.FileName("cronlock.a_b", "cronlock.");
        var slashed = MetricsText.FileName("cronlock.../../etc/x", "cronlock.");

        Assert.NotEqual(dotted, underscored);
        Assert.StartsWith("cronlock_a_b_", dotted, StringComparison.Ordinal);
        Assert.DoesNotContain('/', slashed);
        Assert.Matches("^cronlock_[A-Za-z0-9_]+\\.prom$", slashed);
        Assert.True(MetricsText.FileName("cronlock." + new string('x', 1000), "cronlock.").Length < 200);
    }
}
