namespace CronLock.Core.Locking;

/// <summary>The run of a schedule slot, as a slot answer names it: host, pid and start (Redis's clock, unix seconds).</summary>
internal sealed record SlotRunner(string Host, int Pid, long Started);
