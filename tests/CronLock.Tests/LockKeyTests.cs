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
        Assert.Equal("cronlock." + golockMd5, LockKey.Derive("cronlock.", null, KeyStyle.Golock, command));
        if (cronlockMd5 is not null)
        {
            Assert.Equal("cronlock." + cronlockMd5, LockKey.Derive("cronlock.", null, KeyStyle.Cronlock, command));
        }
    }

    [Fact]
    public void Derive_WithAnExplicitKey_UsesItInsteadOfTheHash()
    {
        Assert.Equal("lock.app1.ls", LockKey.Derive("lock.app1.", "ls", KeyStyle.Golock, ["ls", "-al"]));
    }

    [Fact]
    public void Derive_WithAnEmptyKey_FallsBackToTheHash()
    {
        Assert.Equal("a2da93172625f6e3633dba3d15e44334", LockKey.Derive("", "", KeyStyle.Golock, ["ls", "-la"]));
    }
}
