namespace CronLock.Core.Locking;

/// <summary>
/// A finished run for the lock's history list, appended in the round trip that leaves the lock.
/// </summary>
/// <param name="Keep">How many runs the list keeps (newest first); the oldest fall off.</param>
/// <param name="Json">The run record, already serialized (UTF-8 JSON): Redis stores it as given.</param>
internal sealed record RunHistoryEntry(int Keep, byte[] Json);
