using System.Text;
using CronLock.Reporting;

namespace CronLock.Tests.Reporting;

/// <summary>The history entry is written by hand (for a plain run's cost): it must stay the webhook's document, byte for byte.</summary>
public sealed class RunRecordJsonTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);

    [Theory]
    [InlineData(7L, null, null)]
    [InlineData(null, "killed after 5s (CRONLOCK_TIMEOUT)", "line one\nlíne \"two\"\u0001")]
    public void TheHistoryEntry_IsTheSerializersDocument(long? token, string? reason, string? tail)
    {
        var record = new RunRecord("cronlock.a\"b", "web-1", 42, "backup.sh --full <x>", token, Start, Start.AddSeconds(61.5), 0, RunKind.Ran, reason,
            tail is null ? null : Encoding.UTF8.GetBytes(tail));

        Assert.Equal(Encoding.UTF8.GetString(RunRecordJson.Serialize(record)), Encoding.UTF8.GetString(RunRecordJson.SerializeForHistory(record)));
    }

    [Fact]
    public void TheHistoryEntry_KeepsOnlyTheLastBytesOfTheOutput()
    {
        var record = new RunRecord("k", "h", 1, "c", 1, Start, Start, 0, RunKind.Ran, null, Encoding.UTF8.GetBytes(new string('x', 5000) + "end"));

        var entry = RunRecordJson.Parse(Encoding.UTF8.GetString(RunRecordJson.SerializeForHistory(record)))!;

        Assert.Equal(RunRecordJson.HistoryTailBytes, entry.OutputTail!.Length);
        Assert.EndsWith("end", entry.OutputTail, StringComparison.Ordinal);
    }
}
