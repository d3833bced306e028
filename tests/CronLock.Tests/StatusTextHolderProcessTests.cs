using CronLock.Core;
using CronLock.Inspection;

namespace CronLock.Tests;

/// <summary>--status says when the process holding a lock on this host is gone, and only then.</summary>
public sealed class StatusTextHolderProcessTests
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Format_HolderProcessGone_SaysSoWithTheExpiryAndTheReset()
    {
        var text = StatusText.Format(Held(processRunning: false));

        var line = Assert.Single(text.Split('\n'), l => l.Contains("holder process is gone", StringComparison.Ordinal));
        Assert.Contains("no pid 4242 on this host", line, StringComparison.Ordinal);
        Assert.Contains("expires at 2027-01-15T08:01:40Z", line, StringComparison.Ordinal);
        Assert.Contains("CRONLOCK_RESET=yes", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false)] // still running
    [InlineData(null, false)] // on another host: cannot tell
    [InlineData(false, true)] // the job finished: the lock is only kept for GRACE, as it should be
    public void Format_HolderRunningElsewhereOrFinished_SaysNothingAboutIt(bool? processRunning, bool finished)
    {
        var text = StatusText.Format(Held(processRunning, finished));

        Assert.DoesNotContain("gone", text, StringComparison.Ordinal);
    }

    private static LockStatus Held(bool? processRunning, bool finished = false) => new()
    {
        Key = "cronlock.k",
        State = "held",
        ExpiresAt = Started.AddSeconds(100),
        TtlSeconds = 90,
        Holder = new LockHolder(new LockHolderInfo("host-a:4242:0123456789abcdef", "host-a", 4242, Started, "backup.sh", "", 7)
        {
            Finished = finished ? Started.AddSeconds(10) : null,
        })
        {
            ProcessRunning = processRunning,
        },
    };
}
