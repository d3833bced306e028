using CronLock.Core.Locking.Scripts;
using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>
/// The pause switch on one Redis, or on every Redlock master (null where one was unreachable). On
/// Redlock a pause is written to every master and counts once a majority has it, as a lock holds
/// once a majority grants it; a resume likewise needs a majority to answer.
/// </summary>
internal sealed class PauseSwitch(IReadOnlyList<IDatabase?> nodes, SecretRedactor redactor) : IPauseSwitch
{
    private readonly Quorum quorum = new(nodes.Count);

    public async Task<PauseResult> PauseAsync(PauseScript.Arguments pause)
    {
        var results = await Task.WhenAll(Reachable.Select(async database =>
        {
            try
            {
                return (PauseResult)new PauseResult.Written(PauseScript.Read(await database.EvaluateAsync(pause), pause));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return new PauseResult.Failed($"cannot pause {pause.Key}: {redactor.FirstLine(e.Message)}");
            }
        }));
        return Combine(results, "paused");
    }

    public async Task<PauseResult> ResumeAsync(string key)
    {
        var results = await Task.WhenAll(Reachable.Select(async database =>
        {
            try
            {
                return (PauseResult)new PauseResult.Removed(await database.KeyDeleteAsync(key));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return new PauseResult.Failed($"cannot resume {key}: {redactor.FirstLine(e.Message)}");
            }
        }));
        return Combine(results, "resumed");
    }

    private IEnumerable<IDatabase> Reachable => nodes.OfType<IDatabase>();

    private PauseResult Combine(PauseResult[] results, string done)
    {
        var succeeded = results.Where(r => r is not PauseResult.Failed).ToList();
        if (nodes.Count == 1 || quorum.IsMajority(succeeded.Count))
        {
            return succeeded.FirstOrDefault() is { } first
                ? first is PauseResult.Removed ? new PauseResult.Removed(succeeded.Any(r => r is PauseResult.Removed { WasPaused: true })) : first
                : results.FirstOrDefault() ?? new PauseResult.Failed("Redis could not be reached");
        }

        var failure = results.OfType<PauseResult.Failed>().FirstOrDefault()?.Error ?? "unreachable";
        return new PauseResult.Failed($"Redlock: only {succeeded.Count} of {nodes.Count} masters {done}, a majority of {quorum.Majority} is needed: {failure}");
    }
}
