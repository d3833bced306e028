using System.Text.Json;
using CronLock.Inspection;

namespace CronLock.Modes;

/// <summary>
/// --dry-run: read the lock with the read-only status script and say what a run would do, exiting
/// with the code that run would have had. Nothing is written to Redis and nothing is run, so it
/// can be tried against the production Redis before a crontab line goes live.
/// </summary>
internal sealed class DryRunMode(ModeContext context)
{
    public async Task<RunOutcome> RunAsync(LockInspector inspector)
    {
        var options = context.Options;
        var (status, serverNow) = await inspector.StatusAtAsync(options.LockKey);
        var (verdict, action) = DryRunDecision.Decide(status, serverNow, options);
        long? slot = null;
        if (options.Slot is { } rule && verdict != DryRunVerdict.Error)
        {
            var (nearest, slotVerdict, slotAction) = DryRunSlot.Decide(status, serverNow, rule, context.Clock.GetUtcNow());
            (slot, verdict, action) = (nearest, slotVerdict ?? verdict, slotAction ?? action);
        }

        if (options.SplaySeconds > 0 && verdict == DryRunVerdict.Run)
        {
            action = $"after a random pause of up to {options.SplaySeconds}s (CRONLOCK_SPLAY, by when the lock may have changed), {action}";
        }

        var outcome = new RunOutcome.DryRunShown(verdict);
        var line = options.Json
            ? JsonSerializer.Serialize(
                new DryRunReport
                {
                    Key = status.Key, Would = Would(verdict), ExitCode = outcome.ExitCode, Action = action, Lock = status,
                    Slot = slot is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : null,
                },
                StatusJsonContext.Default.DryRunReport)
            : $"dry run: {Words(verdict, slot)} (exit {outcome.ExitCode}): {StatusText.Headline(status)}; {action}";
        return await StdoutLine.WriteAsync(context.Output, line, "the dry run (--dry-run)", context.Redactor) is { } error
            ? new RunOutcome.Failed(error)
            : outcome;
    }

    private static string Words(DryRunVerdict verdict, long? slot) => verdict switch
    {
        DryRunVerdict.Run when slot is { } at => $"would run slot {StatusText.Time(DateTimeOffset.FromUnixTimeSeconds(at))}",
        DryRunVerdict.Run => "would run",
        DryRunVerdict.Held => "would not run, the lock is held",
        DryRunVerdict.SlotAlreadyRan => "would not run, slot already ran",
        DryRunVerdict.Overrun => "would not run, overrun",
        DryRunVerdict.Paused => "would not run, paused",
        DryRunVerdict.OverLimit => "would not run, over the limit",
        _ => "would fail",
    };

    /// <summary>The JSON's <c>would</c>: the verdict in snake case.</summary>
    private static string Would(DryRunVerdict verdict) => verdict switch
    {
        DryRunVerdict.SlotAlreadyRan => "slot_already_ran",
        DryRunVerdict.OverLimit => "over_limit",
        _ => verdict.ToString().ToLowerInvariant(),
    };
}
