using System.Text.Json.Serialization;

namespace CronLock.Inspection;

/// <summary>Source-generated JSON for --status/--list/--dry-run --json: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LockStatus))]
[JsonSerializable(typeof(DryRunReport))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
