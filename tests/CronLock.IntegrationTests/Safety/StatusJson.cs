using System.Globalization;
using System.Text.Json;

namespace CronLock.IntegrationTests.Safety;

/// <summary>Reads the documented snake_case fields of one <c>--status --json</c> / <c>--list --json</c> object.</summary>
internal sealed class StatusJson
{
    private StatusJson(JsonElement root, string text)
    {
        Root = root;
        Text = text;
    }

    public JsonElement Root { get; }

    /// <summary>The one JSON object a <c>--status --json</c> run printed, on one line.</summary>
    public static StatusJson Single(CronLockResult result)
    {
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"Expected one JSON object on one line.\n{result}");
        return Parse(lines[0]);
    }

    public string Text { get; }

    public static StatusJson Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        Assert.True(document.RootElement.ValueKind == JsonValueKind.Object, $"Not a JSON object: {line}");
        return new StatusJson(document.RootElement.Clone(), line);
    }

    public string? String(params string[] path) => Find(path) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    public long? Number(params string[] path) => Find(path) is { ValueKind: JsonValueKind.Number } e ? e.GetInt64() : null;

    /// <summary>A timestamp field as a unix second.</summary>
    public long? Time(params string[] path) =>
        String(path) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUnixTimeSeconds() : null;

    public bool Has(params string[] path) => Find(path) is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };

    private JsonElement? Find(string[] path)
    {
        var element = Root;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }

    public override string ToString() => Text;
}
