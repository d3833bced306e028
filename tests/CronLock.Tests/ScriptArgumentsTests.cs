using System.Globalization;
using System.Text.RegularExpressions;
using CronLock.Core.Locking;
using CronLock.Core.Locking.Scripts;
using StackExchange.Redis;

namespace CronLock.Tests;

/// <summary>
/// Each script's KEYS and ARGV come out in the order its Lua reads them. The positions are checked against the
/// script texts themselves: every argument has a value no other argument has, and the test finds the place in
/// the text where that argument must be read (the field it is written to, the sum it is added to) and checks
/// the text reads the position the argument record puts it at.
/// </summary>
public sealed class ScriptArgumentsTests
{
    private static readonly LockKeys Keys = new("cronlock.k");
    private static readonly Holder Holder = new("host-a:4242:00000000000000ab", "host-a", 4242, "backup.sh --full", "nightly");

    private static readonly string GlobalPause = LockKeys.GlobalPause("cronlock.");

    [Fact]
    public void Acquire_KeysAndArgv_InTheDocumentedOrder()
    {
        var arguments = new AcquireScript.Arguments(Keys, 61, Holder);

        Assert.Equal([Keys.Lock, Keys.Holder, Keys.Fence, Keys.Paused, Keys.Slot], arguments.ToKeys());
        Assert.Equal([61, Holder.Id, "host-a", 4242, "backup.sh --full", "nightly"], arguments.ToArgv());
    }

    [Fact]
    public void Acquire_TheGlobalPauseComesLast_WhenItRidesInTheScript()
    {
        var arguments = new AcquireScript.Arguments(Keys, 61, Holder, GlobalPause: GlobalPause);

        Assert.Equal([Keys.Lock, Keys.Holder, Keys.Fence, Keys.Paused, Keys.Slot, GlobalPause], arguments.ToKeys());
    }

    [Fact]
    public void Acquire_TextReadsEachArgumentWhereTheRecordPutsIt()
    {
        var arguments = new AcquireScript.Arguments(Keys, 61, Holder, GlobalPause: GlobalPause);
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        // With the global pause every key is sent; a plain run sends no slot ARGV: the text reads them only behind `if ARGV[7]`.
        Assert.Equal(Enumerable.Range(1, keys.Length), Positions(text, "KEYS"));
        Assert.Equal(Enumerable.Range(1, argv.Length + 1), Positions(text, "ARGV"));
        Assert.Contains("if ARGV[7] then", text, StringComparison.Ordinal);
        AssertReads(text, "redis.call('HGETALL', KEYS[{0}]), 0", keys, Keys.Paused);
        AssertReads(text, "redis.call('HGETALL', KEYS[{0}]), 1", keys, GlobalPause);
        AssertReads(text, "redis.call('GET', KEYS[{0}])", keys, Keys.Lock);
        AssertReads(text, "redis.call('INCR', KEYS[{0}])", keys, Keys.Fence);
        AssertReads(text, "redis.call('HSET', KEYS[{0}]", keys, Keys.Holder);
        AssertReads(text, "local ttl = tonumber(ARGV[{0}])", argv, 61);
        AssertReads(text, "'id', ARGV[{0}]", argv, Holder.Id);
        AssertReads(text, "'host', ARGV[{0}]", argv, Holder.Host);
        AssertReads(text, "'pid', ARGV[{0}]", argv, Holder.Pid);
        AssertReads(text, "'command', ARGV[{0}]", argv, Holder.CommandLine);
        AssertReads(text, "'reason', ARGV[{0}]", argv, Holder.Reason);
    }

    [Fact]
    public void Acquire_WithASlotRule_SendsTheSlotKeyAndCandidatesAfterTheRest()
    {
        var plain = new AcquireScript.Arguments(Keys, 61, Holder);
        var slotted = plain with { SlotCandidates = [600, 1200, 1800, 2400] };
        var (keys, argv, text) = (slotted.ToKeys(), slotted.ToArgv(), slotted.Script.Text);

        Assert.Equal(plain.ToKeys(), keys);
        Assert.Equal([.. plain.ToArgv(), LeaveScript.LastRunRetentionSeconds, 600, 1200, 1800, 2400], argv);
        // The global pause (KEYS[6]) is sent only where it may ride in the script.
        Assert.Equal(Enumerable.Range(1, keys.Length + 1), Positions(text, "KEYS"));
        Assert.Equal(Enumerable.Range(1, 7), Positions(text, "ARGV"));
        AssertReads(text, "redis.call('HMGET', KEYS[{0}], 'slot'", keys, Keys.Slot);
        AssertReads(text, "now + tonumber(ARGV[{0}])", argv, LeaveScript.LastRunRetentionSeconds);
        AssertReads(text, "for i = {0}, #ARGV do", argv, 600);
    }

    [Theory]
    [InlineData(4, "SlotAlreadyRan")]
    [InlineData(5, "Overrun")]
    public void AcquireReply_WithASlot_NamesTheSlotAndWhoRanOrHoldsIt(long status, string kind)
    {
        var reply = RedisResult.Create([
            RedisResult.Create(status), RedisResult.Create(1_800_000_010), RedisResult.Create(-1), RedisResult.Create(7),
            RedisResult.Create(1_800_000_000), RedisResult.Create((RedisValue)"host-b"), RedisResult.Create((RedisValue)"99"), RedisResult.Create((RedisValue)"1799999400"),
        ]);

        var runner = new SlotRunner("host-b", 99, 1_799_999_400);
        Assert.Equal(
            kind == "Overrun" ? new AcquireResult.Overrun(1_800_000_000, runner, 1_800_000_010) : new AcquireResult.SlotAlreadyRan(1_800_000_000, runner, 1_800_000_010),
            AcquireScript.Read(reply));
    }

    [Fact]
    public void AcquireReply_TakenForASlot_CarriesTheSlot()
    {
        var reply = RedisResult.Create([
            RedisResult.Create(1), RedisResult.Create(1_800_000_010), RedisResult.Create(1_800_000_071), RedisResult.Create(8),
            RedisResult.Create(1_800_000_000), RedisResult.Create((RedisValue)"host-a"), RedisResult.Create((RedisValue)"42"), RedisResult.Create(1_800_000_010),
        ]);

        Assert.Equal(new AcquireResult.Acquired(new LockLease(1_800_000_010, 1_800_000_071, 8), false, 1_800_000_000), AcquireScript.Read(reply));
    }

    [Fact]
    public void Renew_KeysAndArgv_InTheDocumentedOrder()
    {
        var arguments = new RenewScript.Arguments(Keys, Holder.Id, 13, 3600);

        Assert.Equal([Keys.Lock, Keys.Holder], arguments.ToKeys());
        Assert.Equal([Holder.Id, 13, 3600], arguments.ToArgv());
    }

    [Fact]
    public void Renew_TextReadsEachArgumentWhereTheRecordPutsIt()
    {
        var arguments = new RenewScript.Arguments(Keys, Holder.Id, 13, 3600);
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        AssertCounts(text, keys, argv);
        AssertOwnerCheck(text, keys, argv);
        AssertReads(text, "now + tonumber(ARGV[{0}]) + 1", argv, 13);
        AssertReads(text, "'started')) + tonumber(ARGV[{0}]) + 1", argv, 3600);
    }

    [Fact]
    public void Leave_KeysAndArgv_InTheDocumentedOrder()
    {
        var arguments = new LeaveScript.Arguments(Keys, Holder.Id, 17, 3, new RunHistoryEntry(20, "{\"exit_code\":3}"u8.ToArray()));

        Assert.Equal([Keys.Lock, Keys.Holder, Keys.LastRun, Keys.History], arguments.ToKeys());
        Assert.Equal([Holder.Id, 17, "3", LeaveScript.LastRunRetentionSeconds, 20, (RedisValue)"{\"exit_code\":3}"u8.ToArray()], arguments.ToArgv());
    }

    [Fact]
    public void Leave_TextReadsEachArgumentWhereTheRecordPutsIt()
    {
        var arguments = new LeaveScript.Arguments(Keys, Holder.Id, 17, 3, new RunHistoryEntry(20, "{}"u8.ToArray()));
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        AssertCounts(text, keys, argv);
        AssertOwnerCheck(text, keys, argv);
        AssertReads(text, "redis.pcall('LPUSH', KEYS[{0}], ARGV[6])", keys, Keys.History);
        AssertReads(text, "local keep_runs = tonumber(ARGV[{0}])", argv, 20);
        AssertReads(text, "ARGV[{0}] ~= '' then", argv, (RedisValue)"{}"u8.ToArray());
        AssertReads(text, "redis.call('HSET', KEYS[{0}], 'host', h[1]", keys, Keys.LastRun);
        AssertReads(text, "started + tonumber(ARGV[{0}]) + 1", argv, 17);
        AssertReads(text, "'exit', ARGV[{0}]", argv, "3");
        AssertReads(text, "now + tonumber(ARGV[{0}]))", argv, LeaveScript.LastRunRetentionSeconds);
    }

    [Fact]
    public void Release_SendsNoExitCode_SoTheScriptDeletesTheLockAndRecordsNoRun()
    {
        var arguments = LeaveScript.Arguments.Release(Keys, Holder.Id);

        Assert.Equal([Holder.Id, 0, "", LeaveScript.LastRunRetentionSeconds, 0, ""], arguments.ToArgv());
        Assert.Contains("if ARGV[3] == '' or keep <= now then", arguments.Script.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_ReadsTheLockAndEveryCompanion()
    {
        var arguments = new StatusScript.Arguments(Keys);
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        Assert.Equal([Keys.Lock, Keys.Holder, Keys.LastRun, Keys.Fence, Keys.Slot], keys);
        AssertCounts(text, keys, argv);
        AssertReads(text, "kind,\n  redis.call('HGETALL', KEYS[{0}])}}", keys, Keys.Slot);
        AssertReads(text, "redis.pcall('GET', KEYS[{0}])", keys, Keys.Lock);
        AssertReads(text, "redis.call('HGETALL', KEYS[{0}]), redis.call('HGETALL', KEYS[3])", keys, Keys.Holder);
        AssertReads(text, "redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[{0}])", keys, Keys.LastRun);
        AssertReads(text, "redis.call('GET', KEYS[{0}]) or ''", keys, Keys.Fence);
    }

    [Fact]
    public void Reset_DeletesTheLockAndItsHolder()
    {
        var arguments = new ResetScript.Arguments(Keys);
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        Assert.Equal([Keys.Lock, Keys.Holder], keys);
        AssertCounts(text, keys, argv);
        AssertReads(text, "redis.pcall('GET', KEYS[{0}])", keys, Keys.Lock);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void AcquireReply_Taken_IsTheLease(long status, bool tookOver)
    {
        var result = AcquireScript.Read(Reply(status, 100, 161, 7));

        Assert.Equal(new AcquireResult.Acquired(new LockLease(100, 161, 7), tookOver), result);
    }

    [Theory]
    [InlineData(160L, 160L)]
    [InlineData(-1L, null)]
    public void AcquireReply_Held_SaysUntilWhenWhenTheValueIsATime(long expiry, long? heldUntil)
    {
        Assert.Equal(new AcquireResult.HeldElsewhere(heldUntil, 100, NotATime: heldUntil is null), AcquireScript.Read(Reply(0, 100, expiry, 0)));
    }

    [Fact]
    public void OwnedWriteReply_ReadsNotOursEndedAndKept()
    {
        Assert.IsType<LeaveResult.NotOurs>(OwnedWriteReply.Read(RedisResult.Create(-1)));
        Assert.IsType<LeaveResult.Ended>(OwnedWriteReply.Read(RedisResult.Create(0)));
        Assert.Equal(new LeaveResult.Kept(9), OwnedWriteReply.Read(RedisResult.Create(9)));
    }

    [Fact]
    public void Pause_TextReadsEachArgumentWhereTheRecordPutsIt()
    {
        var arguments = new PauseScript.Arguments(Keys.Paused, 7200, "host-a", "ops", "deploy", Global: false);
        var (keys, argv, text) = (arguments.ToKeys(), arguments.ToArgv(), arguments.Script.Text);

        Assert.Equal([Keys.Paused], keys);
        AssertCounts(text, keys, argv);
        AssertReads(text, "local seconds = tonumber(ARGV[{0}])", argv, 7200);
        AssertReads(text, "'host', ARGV[{0}]", argv, "host-a");
        AssertReads(text, "'user', ARGV[{0}]", argv, "ops");
        AssertReads(text, "'reason', ARGV[{0}]", argv, "deploy");
    }

    [Fact]
    public void PauseReply_IsThePauseAsWritten_UntilResumeWhenItHasNoEnd()
    {
        var arguments = new PauseScript.Arguments(Keys.Paused, 0, "host-a", "ops", "deploy", Global: true);

        var pause = PauseScript.Read(RedisResult.Create([RedisResult.Create(1000), RedisResult.Create(0)]), arguments);

        Assert.Equal(new PauseRecord("host-a", "ops", 1000, null, "deploy", Global: true), pause);
    }

    [Fact]
    public void AcquireReply_Status3_IsPaused_WithTheRecordAndWhichPause()
    {
        var fields = RedisResult.Create([(RedisValue)"host", (RedisValue)"h", (RedisValue)"since", (RedisValue)"5", (RedisValue)"until", (RedisValue)"65", (RedisValue)"reason", (RedisValue)"r"]);
        var reply = RedisResult.Create([RedisResult.Create(3), RedisResult.Create(10), RedisResult.Create(65), RedisResult.Create(0), fields, RedisResult.Create(1)]);

        var paused = Assert.IsType<AcquireResult.Paused>(AcquireScript.Read(reply));

        Assert.Equal(new PauseRecord("h", "", 5, 65, "r", Global: true), paused.Pause);
    }

    [Fact]
    public void ResetReply_SaysWhetherALockWasDeleted_ElseTheKeysType()
    {
        Assert.IsType<ResetResult.Deleted>(ResetScript.Read(RedisResult.Create(1)));
        Assert.IsType<ResetResult.NothingToReset>(ResetScript.Read(RedisResult.Create(0)));
        Assert.Equal(new ResetResult.NotALock("hash"), ResetScript.Read(RedisResult.Create((RedisValue)"hash")));
    }

    /// <summary>The owner check every holder's write starts with: the holder id against the holder record, the expiry against the lock.</summary>
    private static void AssertOwnerCheck(string text, RedisKey[] keys, RedisValue[] argv)
    {
        AssertReads(text, "redis.call('HGET', KEYS[{0}], 'id')", keys, Keys.Holder);
        AssertReads(text, "redis.call('HGET', KEYS[2], 'id') == ARGV[{0}]", argv, Holder.Id);
        AssertReads(text, "redis.call('GET', KEYS[{0}]) == expires", keys, Keys.Lock);
    }

    /// <summary>The text reads no KEYS or ARGV past what the record sends, and reads every one it sends.</summary>
    private static void AssertCounts(string text, RedisKey[] keys, RedisValue[] argv)
    {
        Assert.Equal(Positions(text, "KEYS"), Enumerable.Range(1, keys.Length));
        Assert.Equal(Positions(text, "ARGV"), Enumerable.Range(1, argv.Length));
    }

    private static IEnumerable<int> Positions(string text, string table) =>
        Regex.Matches(text, table + @"\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();

    /// <summary><paramref name="snippet"/>, its {0} the 1-based position of <paramref name="value"/> (sent once only), is in the text.</summary>
    private static void AssertReads<T>(string text, string snippet, T[] sent, T value)
    {
        var positions = sent.Select((v, i) => (v, i)).Where(p => EqualityComparer<T>.Default.Equals(p.v, value)).Select(p => p.i + 1).ToList();
        var position = Assert.Single(positions);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, snippet, position), text, StringComparison.Ordinal);
    }

    private static RedisResult Reply(params long[] values) => RedisResult.Create([.. values.Select(v => RedisResult.Create(v))]);
}
