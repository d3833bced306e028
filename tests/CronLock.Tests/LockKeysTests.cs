using CronLock.Core.Locking;

namespace CronLock.Tests;

public sealed class LockKeysTests
{
    // The names every key that worked before keeps (no migration), and the counted form of a key
    // with a '}' but no hash tag: pinned, since they are stored names.
    [Theory]
    [InlineData("cronlock.abc", "{cronlock.abc}:holder", "{cronlock.abc}:fence", "{cronlock.abc}:last")]
    [InlineData("cronlock.{nightly}", "cronlock.{nightly}:holder", "cronlock.{nightly}:fence", "cronlock.{nightly}:last")]
    [InlineData("{app}.report", "{app}.report:holder", "{app}.report:fence", "{app}.report:last")]
    [InlineData("cronlock.a{b", "{cronlock.a{b}:holder", "{cronlock.a{b}:fence", "{cronlock.a{b}:last")]
    [InlineData("cronlock.a}b", "{cronlock.a~COUNT}b:holder", "{cronlock.a~COUNT}b:fence", "{cronlock.a~COUNT}b:last")]
    [InlineData("cronlock.{}x", "{cronlock.{~COUNT}x:holder", "{cronlock.{~COUNT}x:fence", "{cronlock.{~COUNT}x:last")]
    public void Companions_HaveTheDocumentedNames(string key, string holder, string fence, string last)
    {
        var keys = new LockKeys(key);
        var count = key.Contains('}') && Tag(key) is null ? Counter(key[..key.IndexOf('}')], Slot(key)).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

        Assert.Equal(
            (holder.Replace("COUNT", count, StringComparison.Ordinal), fence.Replace("COUNT", count, StringComparison.Ordinal), last.Replace("COUNT", count, StringComparison.Ordinal)),
            (keys.Holder, keys.Fence, keys.LastRun));
    }

    [Fact]
    public void Companions_OfAKeyWithACloseButNoHashTag_KeepTheirCounterForever()
    {
        Assert.Equal("{cronlock.a~23408}b:holder", new LockKeys("cronlock.a}b").Holder);
    }

    [Theory]
    [InlineData("cronlock.abc")]
    [InlineData("cronlock.a}b")]
    [InlineData("a}b")]
    [InlineData("}")]
    [InlineData("cronlock.}")]
    [InlineData("{}x")]
    [InlineData("cronlock.{}x")]
    [InlineData("{a}")]
    [InlineData("cronlock.{a}")]
    [InlineData("x{}y{z}")]
    [InlineData("cronlock.x{}y{z}")]
    [InlineData("}{")]
    [InlineData("cronlock.}{")]
    [InlineData("}}}")]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("cronlock.ключ}")]
    [InlineData("cronlock.日本}語{")]
    [InlineData("cronlock.\U0001F512}")]
    [InlineData("cronlock.a~1}b")]
    public void Companions_OfAnyKey_ShareItsSlotAndAreRecognised(string key)
    {
        var keys = new LockKeys(key);

        foreach (var companion in new[] { keys.Holder, keys.Fence, keys.LastRun, keys.Slot, keys.Paused, keys.History })
        {
            Assert.True(Slot(key) == Slot(companion), $"'{companion}' is in slot {Slot(companion)}, its lock '{key}' in {Slot(key)}");
            Assert.True(LockKeys.IsCompanion(companion), $"'{companion}' is not recognised as a companion");
        }

        Assert.Equal(7, new[] { key, keys.Holder, keys.Fence, keys.LastRun, keys.Slot, keys.Paused, keys.History }.Distinct(StringComparer.Ordinal).Count());
        Assert.False(LockKeys.IsCompanion(key));
    }

    [Theory]
    [InlineData("cronlock.abc", "{cronlock.abc}:paused")]
    [InlineData("cronlock.{nightly}", "cronlock.{nightly}:paused")]
    [InlineData("cronlock.a}b", "{cronlock.a~23408}b:paused")]
    public void Paused_IsNamedLikeTheOtherCompanions_AndLeadsBackToItsLock(string key, string paused)
    {
        Assert.Equal(paused, new LockKeys(key).Paused);
        Assert.Equal(key, LockKeys.LockOfPause(paused));
    }

    [Theory]
    [InlineData("cronlock.", "{cronlock.}:paused")]
    [InlineData("", "{}:paused")]
    [InlineData("app{x}.", "app{x}.:paused")]
    public void GlobalPause_IsThePrefixsOwnPauseKey_OutsideTheLocksScanPattern(string prefix, string global)
    {
        Assert.Equal(global, LockKeys.GlobalPause(prefix));
    }

    [Theory]
    [InlineData("cronlock.abc:holder")]
    [InlineData("cronlock.abc")]
    [InlineData("{x}:pausedx")]
    public void LockOfPause_IsNullForAnyOtherKey(string key)
    {
        Assert.Null(LockKeys.LockOfPause(key));
    }

    [Fact]
    public void Companions_OfDifferentKeysInOneSlot_AreDifferent()
    {
        // Two keys with the same part before their first '}' and in the same slot share the tag,
        // never a companion: the rest of the key stays in the name.
        var first = "cronlock.a}b";
        var second = Enumerable.Range(0, 100_000).Select(i => $"cronlock.a}}{i}").First(k => k != first && Slot(k) == Slot(first));

        Assert.NotEqual(new LockKeys(first).Holder, new LockKeys(second).Holder);
        Assert.Equal(Tag(new LockKeys(first).Holder), Tag(new LockKeys(second).Holder));
    }

    [Fact]
    public void SixDigitCounters_TakeEveryCrcValue_SoEveryHeadReachesEverySlotBelowTheLimit()
    {
        // CRC16 is linear: after any head, a counter's CRC is its CRC alone XOR a constant. So if
        // the six-digit counters alone take all 65536 values, they reach every slot after any head.
        var seen = new bool[65536];
        Span<byte> digits = stackalloc byte[6];
        for (var n = 100_000; n < LockKeys.CounterLimit; n++)
        {
            n.TryFormat(digits, out _, provider: System.Globalization.CultureInfo.InvariantCulture);
            seen[ClusterSlot.Crc16(0, digits)] = true;
        }

        Assert.Equal(LockKeys.CounterLimit, 1_000_000);
        Assert.All(seen, Assert.True);
    }

    // Redis Cluster's key-to-slot rule, written from the spec independently of ClusterSlot: CRC16
    // (XMODEM) of the hash tag or key, mod 16384.
    private static int Slot(string key)
    {
        ushort crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(Tag(key) ?? key))
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc % 16384;
    }

    private static string? Tag(string key)
    {
        var open = key.IndexOf('{');
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        return close > open + 1 ? key[(open + 1)..close] : null;
    }

    private static int Counter(string head, int slot) => Enumerable.Range(0, int.MaxValue).First(n => Slot($"{head}~{n}") == slot);
}
