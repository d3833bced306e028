using System.Text.Json;
using CronLock.Core.Locking;
using CronLock.Inspection;

namespace CronLock.Tests;

/// <summary>
/// From the hashes the scripts write to the --status text and --json output, pinned byte for byte: scripts and
/// monitoring parse them.
/// </summary>
public sealed class StatusOutputTests
{
    private static readonly Dictionary<string, string> NoFields = [];

    private static readonly Dictionary<string, string> Holder = new()
    {
        ["id"] = "host-a:4242:00000000000000ab",
        ["host"] = "host-a",
        ["pid"] = "4242",
        ["started"] = "1800000000",
        ["command"] = "backup.sh --full",
        ["token"] = "7",
        ["expires"] = "1800000100",
        ["reason"] = "nightly",
    };

    private static readonly Dictionary<string, string> LastRun = new()
    {
        ["host"] = "host-b",
        ["pid"] = "99",
        ["command"] = "backup.sh",
        ["token"] = "6",
        ["started"] = "1799999000",
        ["ended"] = "1799999060",
        ["exit"] = "3",
        ["duration"] = "60",
    };

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "held",
            "cronlock.k: held by host-a pid 4242 since 2027-01-15T08:00:00Z, fencing token 7, reason: nightly, until 2027-01-15T08:01:40Z (TTL 90s)\n"
            + "  command: backup.sh --full\n"
            + "  last run: host-b pid 99, 2027-01-15T07:43:20Z to 2027-01-15T07:44:20Z, exit code 3, 60s, fencing token 6",
            "{\"key\":\"cronlock.k\",\"state\":\"held\",\"expires_at\":\"2027-01-15T08:01:40+00:00\",\"ttl_seconds\":90,"
            + "\"holder\":{\"host\":\"host-a\",\"pid\":4242,\"started\":\"2027-01-15T08:00:00+00:00\",\"command\":\"backup.sh --full\","
            + "\"fencing_token\":7,\"holder_id\":\"host-a:4242:00000000000000ab\",\"reason\":\"nightly\"},"
            + "\"last_run\":{\"host\":\"host-b\",\"pid\":99,\"command\":\"backup.sh\",\"started\":\"2027-01-15T07:43:20+00:00\","
            + "\"ended\":\"2027-01-15T07:44:20+00:00\",\"exit_code\":3,\"duration_seconds\":60,\"fencing_token\":6},\"fencing_token\":7}"
        },
        {
            "finished",
            "cronlock.k: held by host-a pid 4242 since 2027-01-15T08:00:00Z, fencing token 7, job finished 2027-01-15T08:00:30Z, kept for GRACE, until 2027-01-15T08:01:40Z (TTL 90s)\n"
            + "  command: backup.sh --full\n"
            + "  last run: host-b pid 99, 2027-01-15T07:43:20Z to 2027-01-15T07:44:20Z, exit code 3, 60s, fencing token 6",
            "{\"key\":\"cronlock.k\",\"state\":\"held\",\"expires_at\":\"2027-01-15T08:01:40+00:00\",\"ttl_seconds\":90,"
            + "\"holder\":{\"host\":\"host-a\",\"pid\":4242,\"started\":\"2027-01-15T08:00:00+00:00\",\"command\":\"backup.sh --full\","
            + "\"fencing_token\":7,\"holder_id\":\"host-a:4242:00000000000000ab\",\"finished\":\"2027-01-15T08:00:30+00:00\"},"
            + "\"last_run\":{\"host\":\"host-b\",\"pid\":99,\"command\":\"backup.sh\",\"started\":\"2027-01-15T07:43:20+00:00\","
            + "\"ended\":\"2027-01-15T07:44:20+00:00\",\"exit_code\":3,\"duration_seconds\":60,\"fencing_token\":6},\"fencing_token\":7}"
        },
        {
            "sparse",
            "cronlock.k: held by ? pid 0 since 1970-01-01T00:00:00Z, fencing token 0, until 2027-01-15T08:01:40Z (TTL 90s)",
            "{\"key\":\"cronlock.k\",\"state\":\"held\",\"expires_at\":\"2027-01-15T08:01:40+00:00\",\"ttl_seconds\":90,"
            + "\"holder\":{\"host\":\"?\",\"pid\":0,\"started\":\"1970-01-01T00:00:00+00:00\",\"command\":\"\",\"fencing_token\":0,\"holder_id\":\"\"}}"
        },
        {
            "here",
            "cronlock.k: held by {host} pid {pid} since 2027-01-15T08:00:00Z, fencing token 7, until 2027-01-15T08:01:40Z (TTL 90s)\n"
            + "  command: backup.sh --full",
            "{\"key\":\"cronlock.k\",\"state\":\"held\",\"expires_at\":\"2027-01-15T08:01:40+00:00\",\"ttl_seconds\":90,"
            + "\"holder\":{\"host\":\"{host}\",\"pid\":{pid},\"started\":\"2027-01-15T08:00:00+00:00\",\"command\":\"backup.sh --full\","
            + "\"fencing_token\":7,\"holder_id\":\"host-a:4242:00000000000000ab\",\"process_running\":true},\"fencing_token\":7}"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Status_TextAndJson_AreAsBefore(string which, string text, string json)
    {
        var status = LockInspector.Read("cronlock.k", Reply(which));

        Assert.Equal(Here(text), StatusText.Format(status));
        Assert.Equal(Here(json), JsonSerializer.Serialize(status, StatusJsonContext.Default.LockStatus));
    }

    [Theory]
    [InlineData("held", "cronlock.k\theld by host-a pid 4242 since 2027-01-15T08:00:00Z, fencing token 7, reason: nightly, until 2027-01-15T08:01:40Z (TTL 90s)\tcommand: backup.sh --full")]
    [InlineData("sparse", "cronlock.k\theld by ? pid 0 since 1970-01-01T00:00:00Z, fencing token 0, until 2027-01-15T08:01:40Z (TTL 90s)")]
    public void List_Line_EndsWithTheHoldersCommandWhenItRecordedOne(string which, string line)
    {
        Assert.Equal(line, StatusText.FormatLine(LockInspector.Read("cronlock.k", Reply(which))));
    }

    [Fact]
    public void Status_WithASlotRecord_ShowsTheSlotHeldTheLastSlotAndTheOverrun()
    {
        var slot = new Dictionary<string, string>
        {
            ["slot"] = "1800000000", ["host"] = "host-a", ["pid"] = "4242", ["started"] = "1800000001", ["token"] = "7",
            ["overrun"] = "1800000600", ["overrun_at"] = "1800000601", ["overrun_host"] = "host-a", ["overrun_pid"] = "4242", ["overrun_started"] = "1800000001",
        };
        var reply = new StatusReply(1_800_000_010, "1800000100", 90, Changed(Holder, ("slot", "1800000000")), LastRun, 7, null, slot);

        var status = LockInspector.Read("cronlock.k", reply);
        var text = StatusText.Format(status);
        var line = StatusText.FormatLine(status);
        var json = JsonSerializer.Serialize(status, StatusJsonContext.Default.LockStatus);

        Assert.Contains(", running slot 2027-01-15T08:00:00Z,", text, StringComparison.Ordinal);
        Assert.Contains("\n  last slot: 2027-01-15T08:00:00Z, run by host-a pid 4242, started 2027-01-15T08:00:01Z, fencing token 7", text, StringComparison.Ordinal);
        Assert.EndsWith("\n  overrun: slot 2027-01-15T08:10:00Z skipped at 2027-01-15T08:10:01Z (exit 205): host-a pid 4242, started 2027-01-15T08:00:01Z, still held the lock", text, StringComparison.Ordinal);
        Assert.EndsWith("\tlast slot: 2027-01-15T08:00:00Z\toverrun: slot 2027-01-15T08:10:00Z skipped at 2027-01-15T08:10:01Z (exit 205): host-a pid 4242, started 2027-01-15T08:00:01Z, still held the lock", line, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"nightly\",\"slot\":\"2027-01-15T08:00:00+00:00\"}", json, StringComparison.Ordinal);
        Assert.EndsWith(
            "\"slot\":{\"last_slot\":\"2027-01-15T08:00:00+00:00\",\"host\":\"host-a\",\"pid\":4242,\"started\":\"2027-01-15T08:00:01+00:00\",\"fencing_token\":7,"
            + "\"overrun\":{\"slot\":\"2027-01-15T08:10:00+00:00\",\"seen_at\":\"2027-01-15T08:10:01+00:00\",\"host\":\"host-a\",\"pid\":4242,\"started\":\"2027-01-15T08:00:01+00:00\"}}}",
            json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cronlock.", "no locks under the prefix \"cronlock.\"")]
    [InlineData("", "no locks under the prefix \"\"")]
    [InlineData("a\nb.", "no locks under the prefix \"a\\nb.\"")]
    public void List_Empty_SaysSoNamingThePrefix(string prefix, string message)
    {
        Assert.Equal(message, StatusText.EmptyList(prefix));
    }

    /// <summary>The "here" case's holder is this process, on this host: its process runs.</summary>
    private static string Here(string expected) => expected
        .Replace("{host}", Environment.MachineName, StringComparison.Ordinal)
        .Replace("{pid}", Pid, StringComparison.Ordinal);

    private static string Pid => Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static StatusReply Reply(string which) => which switch
    {
        "held" => new StatusReply(1_800_000_010, "1800000100", 90, Holder, LastRun, 7, null),
        "finished" => new StatusReply(1_800_000_010, "1800000100", 90, Changed(Holder, ("finished", "1800000030"), ("reason", null)), LastRun, 7, null),
        "sparse" => new StatusReply(1_800_000_010, "1800000100", 90, new Dictionary<string, string> { ["expires"] = "1800000100" }, NoFields, null, null),
        _ => new StatusReply(1_800_000_010, "1800000100", 90, Changed(Holder, ("host", Environment.MachineName), ("pid", Pid), ("reason", "")), NoFields, 7, null),
    };

    /// <summary>The fields with some set, and those set to null removed.</summary>
    private static Dictionary<string, string> Changed(Dictionary<string, string> fields, params (string Name, string? Value)[] changes)
    {
        var changed = new Dictionary<string, string>(fields);
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                changed.Remove(name);
            }
            else
            {
                changed[name] = value;
            }
        }

        return changed;
    }
}
