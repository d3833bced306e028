using CronLock.Core.Locking;

namespace CronLock.Inspection;

/// <summary>A pause as --status, --list and --json show it. Its properties are the JSON's fields, in this order.</summary>
internal sealed record PauseInfo
{
    /// <summary>The host that paused; "?" when the record names none.</summary>
    public required string Host { get; init; }

    /// <summary>The user that paused; null when unknown.</summary>
    public string? User { get; init; }

    public required DateTimeOffset Since { get; init; }

    /// <summary>When the pause ends by itself; null = until --resume.</summary>
    public DateTimeOffset? Until { get; init; }

    public string? Reason { get; init; }

    /// <summary>True for the pause of everything under the prefix (--pause --all).</summary>
    public required bool All { get; init; }

    public static PauseInfo Of(PauseRecord record) => new()
    {
        Host = record.Host.Length > 0 ? record.Host : "?",
        User = record.User.Length > 0 ? record.User : null,
        Since = DateTimeOffset.FromUnixTimeSeconds(record.Since),
        Until = record.Until is { } until ? DateTimeOffset.FromUnixTimeSeconds(until) : null,
        Reason = record.Reason.Length > 0 ? record.Reason : null,
        All = record.Global,
    };
}
