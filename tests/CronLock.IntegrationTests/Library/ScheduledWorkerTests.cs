using System.Globalization;
using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests.Library;

/// <summary>
/// Seed 003's story, end to end: three instances of a worker service share one scheduled job through CronLock.Core
/// against a real Redis. Each period exactly one of them runs it; the others log that the lock is held elsewhere.
/// </summary>
public sealed partial class ScheduledWorkerTests(RedisFixture redis)
{
    private const int Instances = 3;
    private const int Periods = 4;
    private const int PeriodSeconds = 2;

    [Fact]
    public async Task ThreeInstances_EachPeriod_ExactlyOneRunsTheJobAndTheOthersSkip()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = ExpectedKey.DefaultPrefix + TestNames.Key("sample-report");
        var names = Enumerable.Range(1, Instances).Select(i => $"worker-{i}").ToList();

        var processes = names.Select(name => ScheduledWorkerSample.Start(
        [
            "--redis", $"{redis.Endpoint.Host}:{redis.Endpoint.Port}", "--name", name, "--key", key,
            "--period", PeriodSeconds.ToString(CultureInfo.InvariantCulture), "--periods", Periods.ToString(CultureInfo.InvariantCulture),
        ])).ToList();
        var outputs = new List<(string Name, int ExitCode, string Stdout, string Stderr)>();
        try
        {
            var runs = processes.Select(async (process, i) =>
            {
                var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(60));
                await process.WaitForExitAsync(deadline.Token);
                return (names[i], process.ExitCode, await stdout, await stderr);
            });
            outputs.AddRange(await Task.WhenAll(runs));
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }

        var transcript = string.Join("\n", outputs.Select(o => $"[{o.Name} exit {o.ExitCode}]\n{o.Stdout.TrimEnd()}{(o.Stderr.Length > 0 ? "\nstderr: " + o.Stderr.TrimEnd() : "")}"));
        var lines = new List<WorkerLine>();
        foreach (var output in outputs)
        {
            Assert.True(output.ExitCode == 0, $"{output.Name} exited {output.ExitCode}.\n{transcript}");
            var mine = output.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => WorkerLine.Parse(l, transcript)).ToList();
            Assert.True(mine.Count == Periods && mine.All(l => l.Name == output.Name), $"{output.Name} should log one line per period, {Periods} in all.\n{transcript}");
            lines.AddRange(mine);
        }

        var byPeriod = lines.GroupBy(l => l.Period).OrderBy(g => g.Key).ToList();
        // Whatever the start-up skew, no period ever has two runners.
        foreach (var period in byPeriod)
        {
            Assert.True(period.Count(l => l.Ran) <= 1, $"Period {period.Key} was run by more than one instance.\n{transcript}");
        }

        // Periods all three instances were up for (a first or last one may have seen only some of them).
        var full = byPeriod.Where(g => g.Select(l => l.Name).Distinct().Count() == Instances).ToList();
        Assert.True(full.Count >= 2, $"Expected at least 2 periods in which all {Instances} instances took part, got {full.Count}.\n{transcript}");
        foreach (var period in full)
        {
            Assert.True(period.Count() == Instances && period.Count(l => l.Ran) == 1 && period.Count(l => !l.Ran) == Instances - 1,
                $"Period {period.Key}: expected exactly one 'running the job' and {Instances - 1} 'lock held elsewhere'.\n{transcript}");
        }

        // Each period's runner took the lock anew: its fencing token is higher than the previous period's.
        var tokens = byPeriod.SelectMany(g => g.Where(l => l.Ran)).Select(l => l.FencingToken!.Value).ToList();
        Assert.True(tokens.Zip(tokens.Skip(1)).All(p => p.First < p.Second), $"Fencing tokens by period are not increasing: {string.Join(", ", tokens)}.\n{transcript}");
    }

    [GeneratedRegex(@"^(?<name>\S+) period (?<period>\d+): (?:running the job \(fencing token (?<token>\d+)\)|lock held elsewhere, skipping)$")]
    private static partial Regex LinePattern();

    private sealed record WorkerLine(string Name, long Period, bool Ran, long? FencingToken)
    {
        public static WorkerLine Parse(string line, string transcript)
        {
            var match = LinePattern().Match(line.TrimEnd('\r'));
            Assert.True(match.Success, $"Unexpected line from the sample: '{line}'.\n{transcript}");
            var token = match.Groups["token"];
            return new WorkerLine(
                match.Groups["name"].Value,
                long.Parse(match.Groups["period"].Value, CultureInfo.InvariantCulture),
                token.Success,
                token.Success ? long.Parse(token.Value, CultureInfo.InvariantCulture) : null);
        }
    }
}
