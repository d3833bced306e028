using System.Text.Json.Serialization;

namespace CronLock.Reporting;

/// <summary>The source-generated serializer of <see cref="RunRecordDocument"/>: no reflection under native AOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunRecordDocument))]
[JsonSerializable(typeof(string))]
internal sealed partial class RunRecordJsonContext : JsonSerializerContext;
