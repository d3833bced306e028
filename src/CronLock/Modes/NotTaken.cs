using CronLock.Core.Locking;
using CronLock.Inspection;
using CronLock.Running;
using Serilog;

namespace CronLock.Modes;

/// <summary>What a run that did not get the lock ends as: an error, held elsewhere, or a signal first.</summary>
internal static class NotTaken
{
    /// <param name="result">What the take said; null when a signal stopped the waiting.</param>
    public static RunOutcome Outcome(AcquireResult? result, ILogger log, SignalRelay signals) => result switch
    {
        AcquireResult.Failed failed => new RunOutcome.Failed(failed.Error),
        AcquireResult.HeldElsewhere held => new RunOutcome.NotAcquired(held.NotATime ? null : held.HeldUntil),
        AcquireResult.SlotAlreadyRan => new RunOutcome.NotAcquired(),
        AcquireResult.Overrun => new RunOutcome.Overrun(),
        AcquireResult.Paused paused => Paused(paused, log),
        _ => Interrupted(log, signals),
    };

    /// <summary>A pause is an operator's choice, not a problem: said with VERBOSE only.</summary>
    private static RunOutcome.Paused Paused(AcquireResult.Paused paused, ILogger log)
    {
        log.Debug("{Pause}: nothing was run", StatusText.Pause(PauseInfo.Of(paused.Pause)));
        return new RunOutcome.Paused();
    }

    public static RunOutcome Interrupted(ILogger log, SignalRelay signals)
    {
        log.Warning("stopped by SIG{Signal} before the job started: nothing was run", signals.StoppedBy);
        return new RunOutcome.Interrupted(signals.StoppedBySignal);
    }
}
