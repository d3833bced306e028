using CronLock.Locking;

namespace CronLock.Tests;

public sealed class LockKeysTests
{
    [Theory]
    [InlineData("cronlock.abc", "{cronlock.abc}:holder", "{cronlock.abc}:fence", "{cronlock.abc}:last")]
    [InlineData("cronlock.{nightly}", "cronlock.{nightly}:holder", "cronlock.{nightly}:fence", "cronlock.{nightly}:last")]
    [InlineData("{app}.report", "{app}.report:holder", "{app}.report:fence", "{app}.report:last")]
    [InlineData("cronlock.{}x", "{cronlock.{}x}:holder", "{cronlock.{}x}:fence", "{cronlock.{}x}:last", false)]
    public void Companions_ShareTheLockKeysHashTag(string key, string holder, string fence, string last, bool sameSlot = true)
    {
        var keys = new LockKeys(key);

        Assert.Equal((holder, fence, last), (keys.Holder, keys.Fence, keys.LastRun));

        // A key with a '}' but no valid hash tag cannot be wrapped into one: documented as
        // unusable on a cluster (the scripts fail with CROSSSLOT, exit 201), fine elsewhere.
        Assert.Equal(sameSlot, Slot(key) == Slot(keys.Holder));
        Assert.Equal(sameSlot, Slot(key) == Slot(keys.Fence));
        Assert.True(LockKeys.IsCompanion(keys.Holder) && LockKeys.IsCompanion(keys.Fence) && LockKeys.IsCompanion(keys.LastRun));
        Assert.False(LockKeys.IsCompanion(key));
    }

    // Redis Cluster's key-to-slot rule, written from the spec: CRC16 (XMODEM) of the hash tag or key, mod 16384.
    private static int Slot(string key)
    {
        var open = key.IndexOf('{');
        if (open >= 0)
        {
            var close = key.IndexOf('}', open + 1);
            if (close > open + 1)
            {
                key = key[(open + 1)..close];
            }
        }

        ushort crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc % 16384;
    }
}
