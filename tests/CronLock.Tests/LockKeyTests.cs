using System.Text;
using CronLock.Options;

namespace CronLock.Tests;

public sealed class LockKeyTests
{
    // Expected hashes come from coreutils, not from our code:
    //   printf 'ls -la' | md5sum        (golock: arguments joined by single spaces)
    //   echo "ls -la" | md5sum          (bash cronlock: echo "$@" adds a newline)
    [Theory]
    [InlineData(new[] { "ls", "-la" }, "a2da93172625f6e3633dba3d15e44334", "f843552f9ce4c17fedc37e454936df75")]
    [InlineData(new[] { "/usr/local/bin/report.sh", "--daily" }, "b969e953c2e6effbb4548ff0dd797566", "8d7d6c172b41086c1b3c479537e735dc")]
    [InlineData(new[] { "echo", "héllo", "wörld" }, "ed329bb6457007a57bd424d2bd96b8fc", null)]
    public void Derive_HashesTheCommandLikeGolockAndBashCronlock(string[] command, string golockMd5, string? cronlockMd5)
    {
        Assert.Equal("cronlock." + golockMd5, LockKey.Derive("cronlock.", null, KeyStyle.Golock, Utf8(command)));
        if (cronlockMd5 is not null)
        {
            Assert.Equal("cronlock." + cronlockMd5, LockKey.Derive("cronlock.", null, KeyStyle.Cronlock, Utf8(command)));
        }
    }

    [Fact]
    public void Derive_ArgumentThatIsNotUtf8_HashesItsBytesLikeGolockAndBashCronlock()
    {
        // "caf\xe9": é in Latin-1, not valid UTF-8. The bytes, not .NET's "caf\uFFFD", are what golock hashes:
        //   printf 'printf %%s caf\xe9' | md5sum                   -> 61950eee724a385f240257b160a5f0e4
        //   bash -c 'echo "$@" | md5sum' x printf %s $'caf\xe9'    -> 6ea484a2f0808920a2f8b5dbb1d1a5a9
        // (the U+FFFD text would give 40f02ef8556ebaf3607e880b139d2026: a second key for the same job).
        byte[][] command = ["printf"u8.ToArray(), "%s"u8.ToArray(), [0x63, 0x61, 0x66, 0xe9]];

        Assert.Equal("cronlock.61950eee724a385f240257b160a5f0e4", LockKey.Derive("cronlock.", null, KeyStyle.Golock, command));
        Assert.Equal("cronlock.6ea484a2f0808920a2f8b5dbb1d1a5a9", LockKey.Derive("cronlock.", null, KeyStyle.Cronlock, command));
    }

    [Fact]
    public void Derive_WithAnExplicitKey_UsesItInsteadOfTheHash()
    {
        Assert.Equal("lock.app1.ls", LockKey.Derive("lock.app1.", "ls", KeyStyle.Golock, Utf8(["ls", "-al"])));
    }

    [Fact]
    public void Derive_WithAnEmptyKey_FallsBackToTheHash()
    {
        Assert.Equal("a2da93172625f6e3633dba3d15e44334", LockKey.Derive("", "", KeyStyle.Golock, Utf8(["ls", "-la"])));
    }

    private static byte[][] Utf8(string[] command) => [.. command.Select(Encoding.UTF8.GetBytes)];
}
