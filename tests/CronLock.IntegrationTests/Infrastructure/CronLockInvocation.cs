using System.Collections.Immutable;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// One way to call cronlock: its argv and the environment changes on top of the clean default
/// (no inherited CRONLOCK_*, CRONLOCK_HOST / CRONLOCK_PORT of the target server). A null value removes a variable.
/// </summary>
internal sealed record CronLockInvocation(IReadOnlyList<string> Arguments)
{
    public ImmutableDictionary<string, string?> Environment { get; init; } = ImmutableDictionary<string, string?>.Empty;

    /// <summary>Written to cronlock's stdin, which is then closed. Null: stdin is an empty, closed pipe.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Which cronlock runs, and how; null: the published binary under test.</summary>
    public CronLockExecutable? Executable { get; init; }

    public static CronLockInvocation Of(params string[] arguments) => new(arguments);

    public CronLockInvocation WithEnvironment(string name, string? value) =>
        this with { Environment = Environment.SetItem(name, value) };

    public CronLockInvocation WithEnvironment(IEnumerable<KeyValuePair<string, string?>> variables) =>
        this with { Environment = Environment.SetItems(variables) };

    public override string ToString() =>
        string.Join(' ', Environment.Select(e => $"{e.Key}={e.Value ?? "<unset>"}")) + " cronlock " +
        string.Join(' ', Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"'{a}'" : a));
}
