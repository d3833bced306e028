using System.Text;
using System.Text.Json;
using CronLock.Reporting;

namespace CronLock.Tests.Reporting;

public sealed class RunRecordJsonTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Serialize_GivesTheDocumentedSnakeCaseFields()
    {
        var record = new RunRecord("cronlock.backup", "web1", 4242, "backup.sh --daily", 17, Start, Start.AddSeconds(61.5), 3,
            RunKind.Ran, null, [(byte)'o', (byte)'k', 0xff]);

        using var json = JsonDocument.Parse(RunRecordJson.Serialize(record));
        var root = json.RootElement;

        Assert.Equal(
            ["key", "host", "pid", "command", "fencing_token", "started", "ended", "duration_seconds", "exit_code", "outcome", "reason", "output_tail"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cronlock.backup", root.GetProperty("key").GetString());
        Assert.Equal(17, root.GetProperty("fencing_token").GetInt64());
        Assert.Equal("2026-11-29T03:00:00.000Z", root.GetProperty("started").GetString());
        Assert.Equal(61.5, root.GetProperty("duration_seconds").GetDouble());
        Assert.Equal("ran", root.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        Assert.Equal("ok\uFFFD", root.GetProperty("output_tail").GetString());
    }

    [Fact]
    public void Serialize_AFailureBeforeTheLock_HasNoTokenAndNoTail()
    {
        var record = new RunRecord("cronlock.backup", "web1", 1, "backup.sh", null, Start, Start, 201, RunKind.Error, "Redis at 127.0.0.1:1 refused", null);

        var root = JsonDocument.Parse(Encoding.UTF8.GetString(RunRecordJson.Serialize(record))).RootElement;

        Assert.Equal(JsonValueKind.Null, root.GetProperty("fencing_token").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("output_tail").ValueKind);
        Assert.Equal("error", root.GetProperty("outcome").GetString());
        Assert.Equal(201, root.GetProperty("exit_code").GetInt32());
    }
}
