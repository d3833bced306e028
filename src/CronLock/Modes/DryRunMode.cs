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
        if (options.SplaySeconds > 0 && verdict == DryRunVerdict.Run)
        {
            action = $"after a random pause of up to {options.SplaySeconds}s (CRONLOCK_SPLAY, by when the lock may have changed), {action}";
        }

        var outcome = new RunOutcome.DryRunShown(verdict);
        var line = options.Json
            ? JsonSerializer.Serialize(
                new DryRunReport { Key = status.Key, Would = verdict == DryRunVerdict.OverLimit ? "over_limit" : verdict.ToString().ToLowerInvariant(), ExitCode = outcome.ExitCode, Action = action, Lock = status },
                StatusJsonContext.Default.DryRunReport)
            : $"dry run: {Words(verdict)} (exit {outcome.ExitCode}): {StatusText.Headline(status)}; {action}";
        return await StdoutLine.WriteAsync(context.Output, line, "the dry run (--dry-run)", context.Redactor) is { } error
            ? new RunOutcome.Failed(error)
            : outcome;
    }

    private static string Words(DryRunVerdict verdict) => verdict switch
    {
        DryRunVerdict.Run => "would run",
        DryRunVerdict.Held => "would not run, the lock is held",
        DryRunVerdict.OverLimit => "would not run, over the limit",
        _ => "would fail",
    };
}
