using System.Text;
using CronLock.Core.Locking;

namespace CronLock.Tests;

public sealed class ClusterSlotTests
{
    // Expected slots as a real redis-server 7.0 (cluster-enabled) answers CLUSTER KEYSLOT, plus the
    // spec's check value: CRC16/XMODEM("123456789") = 0x31C3.
    [Theory]
    [InlineData("123456789", 0x31C3 & 16383)]
    [InlineData("", 0)]
    [InlineData("cronlock.abc", 12879)]
    [InlineData("cronlock.a}b", 12579)]
    [InlineData("cronlock.}", 2325)]
    [InlineData("cronlock.{}x", 1786)]
    [InlineData("cronlock.{a}", 15495)]
    [InlineData("cronlock.x{}y{z}", 6089)]
    [InlineData("cronlock.}{", 785)]
    [InlineData("cronlock.ключ}", 10617)]
    [InlineData("cronlock.日本}語", 4086)]
    [InlineData("{user1000}.following", 3443)]
    [InlineData("foo{}{bar}", 8363)]
    [InlineData("foo{{bar}}zap", 4015)]
    [InlineData("foo{bar}{zap}", 5061)]
    [InlineData("é", 10180)]
    public void Of_MatchesRedisClusterKeyslot(string key, int slot)
    {
        Assert.Equal(slot, ClusterSlot.Of(key));
    }

    [Theory]
    [InlineData("cronlock.{a}", "a")]
    [InlineData("foo{{bar}}zap", "{bar")]
    [InlineData("foo{bar}{zap}", "bar")]
    [InlineData("foo{}{bar}", null)]
    [InlineData("a}b{", null)]
    [InlineData("plain", null)]
    public void HashTag_IsBetweenTheFirstOpenAndTheNextCloseWhenNotEmpty(string key, string? tag)
    {
        Assert.Equal(tag, ClusterSlot.HashTag(key));
    }

    [Fact]
    public void Crc16_ContinuedOverTwoParts_EqualsTheCrcOfTheWhole()
    {
        var whole = ClusterSlot.Crc16(0, "123456789"u8);

        Assert.Equal(0x31C3, whole);
        Assert.Equal(whole, ClusterSlot.Crc16(ClusterSlot.Crc16(0, "1234"u8), "56789"u8));
        Assert.Equal(whole, ClusterSlot.Crc16(0, Encoding.UTF8.GetBytes("123456789")));
    }
}
