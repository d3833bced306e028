namespace CronLock.Core.Locking;

/// <summary>
/// The global pause key (--pause --all) an acquire also checks. Where the server takes any keys in
/// one script (a single server, Sentinel, each Redlock master) it rides in the acquire script; on
/// a Cluster it lives in another slot, so it is read by one HGETALL sent with the acquire.
/// </summary>
/// <param name="Key">The key (<see cref="LockKeys.GlobalPause"/>).</param>
/// <param name="InScript">False on a Cluster: read beside the script, not in it.</param>
internal sealed record GlobalPause(string Key, bool InScript);
