using CronLock.Core.Locking;
using CronLock.Core.Locking.Scripts;

namespace CronLock.Tests.Modes;

/// <summary>A pause switch that answers as a test says and records what it was asked; real Redis is the integration tests'.</summary>
internal sealed class FakePauseSwitch : IPauseSwitch
{
    public PauseResult? Answer { get; init; }

    public List<PauseScript.Arguments> Paused { get; } = [];

    public List<string> Resumed { get; } = [];

    public Task<PauseResult> PauseAsync(PauseScript.Arguments pause)
    {
        Paused.Add(pause);
        return Task.FromResult(Answer ?? new PauseResult.Written(new PauseRecord(pause.Host, pause.User, 1000, pause.Seconds > 0 ? 1000 + pause.Seconds : null, pause.Reason, pause.Global)));
    }

    public Task<PauseResult> ResumeAsync(string key)
    {
        Resumed.Add(key);
        return Task.FromResult(Answer ?? new PauseResult.Removed(WasPaused: true));
    }
}
