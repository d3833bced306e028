using System.Text.Json.Serialization;

namespace CronLock.Inspection;

/// <summary>Source-generated JSON for --status/--list --json: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LockStatus))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
