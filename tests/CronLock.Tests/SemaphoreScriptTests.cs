using System.Globalization;
using System.Text.RegularExpressions;
using CronLock.Core.Locking;
using CronLock.Core.Locking.Scripts;
using StackExchange.Redis;

namespace CronLock.Tests;

/// <summary>
/// The semaphore scripts (CRONLOCK_LIMIT): KEYS and ARGV in the order their Lua reads them, checked
/// against the texts as <see cref="ScriptArgumentsTests"/> does for the plain lock's scripts.
/// </summary>
public sealed class SemaphoreScriptTests
{
    private static readonly LockKeys Keys = new("cronlock.k");
    private static readonly Holder Holder = new("host-a:4242:00000000000000ab", "host-a", 4242, "backup.sh --full", "nightly");

    [Fact]
    public void Holders_IsACompanionInTheLocksSlot()
    {
        Assert.Equal("{cronlock.k}:holders", Keys.Holders);
        Assert.True(LockKeys.IsCompanion(Keys.Holders));
        Assert.Equal(ClusterSlot.Of(Keys.Lock), ClusterSlot.Of(Keys.Holders));
        Assert.Equal(ClusterSlot.Of("cronlock.a}b"), ClusterSlot.Of(new LockKeys("cronlock.a}b").Holders));
    }

    [Fact]
    public void Acquire_KeysAndArgv_InTheDocumentedOrder()
    {
        var arguments = new SemaphoreAcquireScript.Arguments(Keys, 61, Holder, 3);
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        Assert.Equal([Keys.Lock, Keys.Holders, Keys.Fence, Keys.Holder], keys);
        Assert.Equal([61, Holder.Id, "host-a", 4242, "backup.sh --full", "nightly", 3], argv);
        AssertCounts(text, keys, argv);
        AssertReads(text, "redis.call('INCR', KEYS[{0}])", keys, Keys.Fence);
        AssertReads(text, "redis.call('HSET', KEYS[2], ARGV[{0}]", argv, Holder.Id);
        AssertReads(text, "local ttl = tonumber(ARGV[{0}])", argv, 61);
        AssertReads(text, "host = ARGV[{0}]", argv, Holder.Host);
        AssertReads(text, "pid = ARGV[{0}]", argv, Holder.Pid);
        AssertReads(text, "command = ARGV[{0}]", argv, Holder.CommandLine);
        AssertReads(text, "reason = ARGV[{0}]", argv, Holder.Reason);
        AssertReads(text, "count >= tonumber(ARGV[{0}])", argv, 3);
        AssertReads(text, "redis.call('DEL', KEYS[2], KEYS[{0}])", keys, Keys.Holder);
    }

    [Fact]
    public void Renew_KeysAndArgv_InTheDocumentedOrder()
    {
        var arguments = new SemaphoreRenewScript.Arguments(Keys, Holder.Id, 13, 3600);
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        Assert.Equal([Keys.Lock, Keys.Holders], keys);
        Assert.Equal([Holder.Id, 13, 3600], argv);
        AssertCounts(text, keys, argv);
        AssertReads(text, "live[ARGV[{0}]]", argv, Holder.Id);
        AssertReads(text, "now + tonumber(ARGV[{0}]) + 1", argv, 13);
        AssertReads(text, "tonumber(mine.started) + tonumber(ARGV[{0}]) + 1", argv, 3600);
    }

    [Fact]
    public void Leave_KeysAndArgv_InTheDocumentedOrder()
    {
        var arguments = new SemaphoreLeaveScript.Arguments(Keys, Holder.Id, 40, 7);
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        Assert.Equal([Keys.Lock, Keys.Holders, Keys.LastRun], keys);
        Assert.Equal([Holder.Id, 40, "7", LeaveScript.LastRunRetentionSeconds], argv);
        AssertCounts(text, keys, argv);
        AssertReads(text, "live[ARGV[{0}]]", argv, Holder.Id);
        AssertReads(text, "started + tonumber(ARGV[{0}]) + 1", argv, 40);
        AssertReads(text, "'exit', ARGV[{0}]", argv, "7");
        AssertReads(text, "now + tonumber(ARGV[{0}])", argv, LeaveScript.LastRunRetentionSeconds);
        AssertReads(text, "redis.call('HSET', KEYS[{0}], 'host'", keys, Keys.LastRun);
        Assert.Equal([Holder.Id, 0, "", LeaveScript.LastRunRetentionSeconds], SemaphoreLeaveScript.Arguments.Release(Keys, Holder.Id).ToArgv());
    }

    [Fact]
    public void ResetAndStatus_KeysInTheDocumentedOrder()
    {
        Assert.Equal([Keys.Lock, Keys.Holders, Keys.Holder], new SemaphoreResetScript.Arguments(Keys).ToKeys());
        Assert.Empty(new SemaphoreResetScript.Arguments(Keys).ToArgv());
        Assert.Equal([Keys.Lock, Keys.Holders], new SemaphoreStatusScript.Arguments(Keys).ToKeys());
        Assert.Empty(new SemaphoreStatusScript.Arguments(Keys).ToArgv());
    }

    [Fact]
    public void Helpers_ReadTheLockAndTheHoldersWhereEveryScriptPutsThem()
    {
        Assert.Contains("redis.call('HGETALL', KEYS[2])", SemaphoreLua.Helpers, StringComparison.Ordinal);
        Assert.Contains("redis.call('GET', KEYS[1])", SemaphoreLua.Helpers, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_WriteEveryHolderField_TheReaderKnows()
    {
        var acquire = SemaphoreAcquireScript.Script.Text;
        foreach (var field in new[] { HolderFields.Id, HolderFields.Host, HolderFields.Pid, HolderFields.Started, HolderFields.Command, HolderFields.Token, HolderFields.Expires, HolderFields.Reason, SemaphoreReply.LimitField })
        {
            Assert.Matches($@"\b{field} = ", acquire);
        }

        Assert.Contains($"mine.{HolderFields.Finished} = ", SemaphoreLeaveScript.Script.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_ReadsAsTheHolderHash()
    {
        var fields = SemaphoreReply.Fields("""{"id":"h:1:ab","host":"h","pid":"12","started":"1700000000","command":"a\/b \"c\"","token":"9","expires":"1700000100","reason":"","limit":"3"}""");
        var info = HolderRecord.Read(fields);

        Assert.Equal(("h:1:ab", "h", 12, 9L, "a/b \"c\""), (info.HolderId, info.Host, info.Pid, info.FencingToken, info.Description));
        Assert.Equal(3, fields.Int(SemaphoreReply.LimitField));
        Assert.Empty(SemaphoreReply.Fields("not json"));
        Assert.Empty(SemaphoreReply.Fields("[1]"));
    }

    private static void AssertCounts(string text, RedisKey[] keys, RedisValue[] argv)
    {
        Assert.Equal(Positions(text, "KEYS"), Enumerable.Range(1, keys.Length));
        Assert.Equal(Positions(text, "ARGV"), Enumerable.Range(1, argv.Length));
    }

    private static IEnumerable<int> Positions(string text, string table) =>
        Regex.Matches(text, table + @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();

    private static void AssertReads<T>(string text, string snippet, T[] sent, T value)
    {
        var position = Assert.Single(sent.Select((v, i) => (v, i)).Where(p => EqualityComparer<T>.Default.Equals(p.v, value)).Select(p => p.i + 1));
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, snippet, position), text, StringComparison.Ordinal);
    }
}
