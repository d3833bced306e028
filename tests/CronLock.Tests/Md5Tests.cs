using System.Security.Cryptography;
using System.Text;
using CronLock.Options;

namespace CronLock.Tests;

public sealed class Md5Tests
{
    // RFC 1321's test suite.
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void Hash_MatchesRfc1321(string text, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Md5.Hash(Encoding.ASCII.GetBytes(text))));
    }

    [Fact]
    public void Hash_MatchesThePlatformMd5_AtEveryLengthAroundTheBlockBoundaries()
    {
        var random = new Random(1321);
        for (var length = 0; length < 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);

            Assert.Equal(MD5.HashData(data), Md5.Hash(data));
        }
    }
}
