using System.Text.Json.Serialization;

namespace CronLock.Reporting;

/// <summary>Source-generated JSON for the run record: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunRecordDocument))]
[JsonSerializable(typeof(string))]
internal sealed partial class RunRecordJsonContext : JsonSerializerContext;
