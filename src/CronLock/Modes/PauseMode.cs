using CronLock.Core.Locking;
using CronLock.Core.Locking.Scripts;
using CronLock.Inspection;
using CronLock.Logging;

namespace CronLock.Modes;

/// <summary>
/// --pause and --resume: write or delete the pause record of one job (its lock's <c>:paused</c>
/// companion) or of everything under the prefix (--all). Runs on every host read it in their
/// acquire and exit 200; a run already going is not touched.
/// </summary>
internal sealed class PauseMode(ModeContext context)
{
    public async Task<RunOutcome> PauseAsync(IPauseSwitch pauses, string host, string user)
    {
        var options = context.Options;
        var pause = new PauseScript.Arguments(Key, options.PauseSeconds, host, user, options.Reason, options.PauseAll);
        switch (await pauses.PauseAsync(pause))
        {
            case PauseResult.Written written:
                return await PrintAsync($"{Target}: {StatusText.Pause(PauseInfo.Of(written.Pause))}");
            case PauseResult.Failed failed:
                return new RunOutcome.Failed(failed.Error);
            default:
                return new RunOutcome.Failed($"cannot pause {Target}: unexpected answer");
        }
    }

    public async Task<RunOutcome> ResumeAsync(IPauseSwitch pauses) => await pauses.ResumeAsync(Key) switch
    {
        PauseResult.Removed { WasPaused: true } => await PrintAsync($"{Target}: resumed"),
        PauseResult.Removed => await PrintAsync($"{Target}: was not paused"),
        PauseResult.Failed failed => new RunOutcome.Failed(failed.Error),
        _ => new RunOutcome.Failed($"cannot resume {Target}: unexpected answer"),
    };

    /// <summary>The pause key: the job's companion, or the prefix's with --all.</summary>
    private string Key => context.Options.PauseAll ? LockKeys.GlobalPause(context.Options.Prefix) : new LockKeys(context.Options.LockKey).Paused;

    private string Target => context.Options.PauseAll ? $"every job under the prefix \"{ControlCharacters.Escape(context.Options.Prefix)}\"" : ControlCharacters.Escape(context.Options.LockKey);

    private async Task<RunOutcome> PrintAsync(string line) =>
        await StdoutLine.WriteAsync(context.Output, line, "the pause (--pause/--resume)", context.Redactor) is { } error
            ? new RunOutcome.Failed(error)
            : new RunOutcome.PauseSwitched();
}
