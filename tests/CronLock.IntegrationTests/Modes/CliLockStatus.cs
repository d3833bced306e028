using System.Text.Json;

namespace CronLock.IntegrationTests.Modes;

/// <summary>The fields of <c>--status --json</c> the mode tests look at (snake_case, as documented).</summary>
internal sealed record CliLockStatus(int ExitCode, string State, long? TtlSeconds, string? HolderId, string? Reason, string? Command, long? HolderFencingToken, long? FencingToken)
{
    public static CliLockStatus Parse(CronLockResult result)
    {
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        var holder = root.TryGetProperty("holder", out var h) ? h : (JsonElement?)null;
        return new CliLockStatus(
            result.ExitCode,
            root.GetProperty("state").GetString()!,
            root.TryGetProperty("ttl_seconds", out var ttl) ? ttl.GetInt64() : null,
            holder?.GetProperty("holder_id").GetString(),
            holder is { } withReason && withReason.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
            holder?.GetProperty("command").GetString(),
            holder?.GetProperty("fencing_token").GetInt64(),
            root.TryGetProperty("fencing_token", out var fence) ? fence.GetInt64() : null);
    }
}
