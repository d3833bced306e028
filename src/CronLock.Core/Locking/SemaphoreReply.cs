using System.Text.Json;
using CronLock.Core.Locking.Scripts;
using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>
/// One read of the holders of a lock taken with a limit (the <c>semaphore-status</c> script): the
/// records that count, each as the holder hash's fields (<see cref="HolderFields"/>, plus
/// <see cref="LimitField"/>), oldest fencing token first. None for a plain lock.
/// </summary>
internal sealed record SemaphoreReply(long ServerNow, IReadOnlyList<IReadOnlyDictionary<string, string>> Holders)
{
    /// <summary>The limit the holder took its place under (each run compares with its own).</summary>
    public const string LimitField = "limit";

    public static async Task<SemaphoreReply> ReadAsync(IDatabase database, LockKeys keys)
    {
        var reply = (RedisResult[])(await database.EvaluateAsync(new SemaphoreStatusScript.Arguments(keys)))!;
        var records = ((RedisResult[])reply[1]!)
            .Select(record => Fields((string?)record ?? "{}"))
            .OrderBy(fields => fields.Long(HolderFields.Token))
            .ToList();
        return new SemaphoreReply((long)reply[0], records);
    }

    /// <summary>A record's JSON object as field name to text; anything but an object reads as no fields.</summary>
    internal static IReadOnlyDictionary<string, string> Fields(string json)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
            }
        }
        catch (JsonException)
        {
            // Someone else's write: a record that cannot be read shows as an unknown holder.
        }

        return fields;
    }
}
