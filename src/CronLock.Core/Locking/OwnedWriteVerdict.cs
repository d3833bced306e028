namespace CronLock.Core.Locking;

/// <summary>What a renew or leave on every Redlock master amounts to (see <see cref="Quorum.Judge"/>).</summary>
internal enum OwnedWriteVerdict
{
    /// <summary>A majority still holds the lock for us.</summary>
    Kept,

    /// <summary>A majority held it for us and ended it: RELEASE reached, or given back.</summary>
    Ended,

    /// <summary>No majority answered either way; the masters that did not answer decide.</summary>
    Unknown,

    /// <summary>Fewer than a majority can still hold it: the lock is not ours any more.</summary>
    Lost,
}
