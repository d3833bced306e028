using CronLock.Core.Locking.Scripts;

namespace CronLock.Core.Locking;

/// <summary>Writes, removes and reads pauses (--pause, --resume, --status), on one Redis or every Redlock master.</summary>
internal interface IPauseSwitch
{
    Task<PauseResult> PauseAsync(PauseScript.Arguments pause);

    Task<PauseResult> ResumeAsync(string key);
}
