using CronLock.Core.Locking;

namespace CronLock.Tests;

/// <summary>Redlock's majority arithmetic, and what a renew or leave on every master adds up to.</summary>
public sealed class QuorumTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void Majority_IsMoreThanHalfOfTheConfiguredMasters(int masters, int majority)
    {
        Assert.Equal(majority, new Quorum(masters).Majority);
    }

    [Theory]
    // masters, kept, ended, did not answer: the rest are down since the acquire or answered "not ours".
    [InlineData(3, 3, 0, 0, "Kept")]
    [InlineData(3, 2, 0, 0, "Kept")] // one master down: still a majority
    [InlineData(3, 2, 0, 1, "Kept")]
    [InlineData(3, 1, 0, 0, "Lost")] // one down, one lost the key: a minority keeps it
    [InlineData(3, 1, 0, 1, "Unknown")] // the silent master decides: retry while the lease lasts
    [InlineData(3, 0, 0, 3, "Unknown")]
    [InlineData(3, 0, 0, 1, "Lost")]
    [InlineData(3, 0, 0, 0, "Lost")]
    [InlineData(3, 0, 2, 0, "Ended")]
    [InlineData(3, 1, 1, 0, "Ended")] // held for us by a majority, but no longer kept by one
    [InlineData(3, 0, 1, 0, "Lost")]
    [InlineData(5, 3, 0, 0, "Kept")]
    [InlineData(5, 2, 0, 0, "Lost")]
    [InlineData(5, 2, 0, 1, "Unknown")]
    [InlineData(2, 1, 0, 0, "Lost")]
    [InlineData(1, 1, 0, 0, "Kept")]
    public void Judge_CountsOnlyMastersThatMayStillHoldTheLock(int masters, int kept, int ended, int unknown, string expected)
    {
        Assert.Equal(Enum.Parse<OwnedWriteVerdict>(expected), new Quorum(masters).Judge(kept, ended, unknown));
    }

    [Theory]
    [InlineData(3, 2, 1, 1)]
    [InlineData(3, -1, 0, 0)]
    public void Judge_WithMoreAnswersThanMasters_IsABug(int masters, int kept, int ended, int unknown)
    {
        Assert.Throws<ArgumentException>(() => new Quorum(masters).Judge(kept, ended, unknown));
    }
}
