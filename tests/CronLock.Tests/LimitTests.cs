using System.Text.Json;
using CronLock.Core.Locking;
using CronLock.Inspection;
using CronLock.Modes;
using CronLock.Options;
using CronLock.Tests.Modes;

namespace CronLock.Tests;

/// <summary>CRONLOCK_LIMIT: its validation, and how --status, --list and --dry-run show a lock held under a limit.</summary>
public sealed class LimitTests
{
    private const long Now = 1_800_000_010;

    private static ValidationResult Validate(Dictionary<string, string> env) =>
        OptionsValidator.Validate(EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()), ["job.sh"]);

    [Fact]
    public void Limit_IsOneByDefault_AndReadWhenGiven()
    {
        Assert.Equal(1, Validate([]).Options!.Limit);
        Assert.Equal(3, Validate(new() { ["CRONLOCK_LIMIT"] = "3" }).Options!.Limit);
        Assert.Equal(1000, Validate(new() { ["CRONLOCK_LIMIT"] = "1000" }).Options!.Limit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-2")]
    [InlineData("3.5")]
    [InlineData("three")]
    public void Limit_OutOfRange_IsOneLineError(string value)
    {
        Assert.Equal($"CRONLOCK_LIMIT (or --limit) value \"{value}\" is not a number of holders (1-1000)", Validate(new() { ["CRONLOCK_LIMIT"] = value }).Error);
    }

    [Fact]
    public void Limit_WithRedlock_IsRefused_ButOneIsFine()
    {
        var error = Validate(new() { ["CRONLOCK_LIMIT"] = "3", ["CRONLOCK_HOSTS"] = "a:1,b:1,c:1" }).Error;

        Assert.Equal("CRONLOCK_LIMIT (3) cannot be used with CRONLOCK_HOSTS (Redlock): use one Redis, Sentinel or a Cluster", error);
        Assert.Null(Validate(new() { ["CRONLOCK_LIMIT"] = "1", ["CRONLOCK_HOSTS"] = "a:1,b:1,c:1" }).Error);
    }

    [Fact]
    public void Status_ListsEveryHolder_OldestAsTheHolder()
    {
        var status = Held(3);

        Assert.Equal("held", status.State);
        Assert.Equal(3, status.Holders!.Count);
        Assert.Equal(5, status.Holder!.FencingToken);
        Assert.Equal(3, status.Limit);
        var text = StatusText.Format(status);
        Assert.StartsWith("cronlock.k: held by 3/3 holders (CRONLOCK_LIMIT), until ", text);
        Assert.Contains("  holder web-1 pid 11 since 2027-01-15T08:00:00Z, fencing token 5", text);
        Assert.Contains("  holder web-3 pid 13 since 2027-01-15T08:00:00Z, fencing token 7", text);
        Assert.Contains("    command: job.sh", text);
        Assert.StartsWith("cronlock.k\theld by 3/3 holders (CRONLOCK_LIMIT), until ", StatusText.FormatLine(status));
    }

    [Fact]
    public void StatusJson_HasAHoldersArray_AndKeepsTheHolderField()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Held(2), StatusJsonContext.Default.LockStatus));
        var root = json.RootElement;

        Assert.Equal(2, root.GetProperty("holders").GetArrayLength());
        Assert.Equal(2, root.GetProperty("limit").GetInt32());
        Assert.Equal(5, root.GetProperty("holder").GetProperty("fencing_token").GetInt64());
        Assert.Equal(6, root.GetProperty("holders")[1].GetProperty("fencing_token").GetInt64());
    }

    [Fact]
    public void PlainLock_HasNoHoldersOrLimit()
    {
        var status = LockInspector.Read("cronlock.k", Reply(), new SemaphoreReply(Now, []));

        Assert.Null(status.Holders);
        Assert.Null(status.Limit);
        Assert.DoesNotContain("holders", JsonSerializer.Serialize(status, StatusJsonContext.Default.LockStatus), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 3, "Run", "2 of 3 held (CRONLOCK_LIMIT), so a run would take a place")]
    [InlineData(3, 3, "OverLimit", "over the limit (3 of 3 held (CRONLOCK_LIMIT)): a run would exit 200 and run nothing")]
    [InlineData(3, 2, "OverLimit", "over the limit (3 of 2 held (CRONLOCK_LIMIT))")]
    public void DryRun_ComparesTheHoldersWithItsOwnLimit(int held, int limit, string expected, string words)
    {
        var options = Contexts.For(new() { ["CRONLOCK_LIMIT"] = $"{limit}" }, TimeProvider.System).Options;
        var (verdict, action) = DryRunDecision.Decide(Held(held), Now, options);

        Assert.Equal(Enum.Parse<DryRunVerdict>(expected), verdict);
        Assert.StartsWith(words, action);
        Assert.Equal(200, new RunOutcome.DryRunShown(DryRunVerdict.OverLimit).ExitCode);
    }

    [Fact]
    public void DryRun_WithoutLimit_SeesHoldersAsAHeldLock()
    {
        var (verdict, _) = DryRunDecision.Decide(Held(1), Now, Contexts.For([], TimeProvider.System).Options);

        Assert.Equal(DryRunVerdict.Held, verdict);
    }

    private static LockStatus Held(int count) => LockInspector.Read("cronlock.k", Reply(), new SemaphoreReply(
        Now,
        [.. Enumerable.Range(1, count).Select(i => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["id"] = $"web-{i}:{10 + i}:ab",
            ["host"] = $"web-{i}",
            ["pid"] = $"{10 + i}",
            ["started"] = "1800000000",
            ["command"] = "job.sh",
            ["token"] = $"{4 + i}",
            ["expires"] = "1800000100",
            ["reason"] = "",
            ["limit"] = $"{count}",
        })]));

    /// <summary>The lock key as the semaphore keeps it: the latest expiry, no plain holder record.</summary>
    private static StatusReply Reply() => new(Now, "1800000100", 90, new Dictionary<string, string>(), new Dictionary<string, string>(), 7, null);
}
