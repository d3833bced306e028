namespace CronLock.Running;

/// <summary>When and how the job is stopped against its will.</summary>
/// <param name="TimeoutSeconds">Zero: no timeout.</param>
/// <param name="TimeoutSignal">The signal the timeout sends first (9 KILL or 15 TERM).</param>
/// <param name="KillAfterSeconds">After a TERM, how long the job has before KILL.</param>
/// <param name="StopOnLockLoss">Stop the job when the lock is lost (else only log it).</param>
internal sealed record StopRules(int TimeoutSeconds, int TimeoutSignal, int KillAfterSeconds, bool StopOnLockLoss);
