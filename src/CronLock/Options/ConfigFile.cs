namespace CronLock.Options;

/// <summary>
/// Reads bash cronlock's config file (/etc/cronlock.conf or CRONLOCK_CONFIG): shell-style
/// <c>CRONLOCK_X=value</c> lines, read without running a shell. What a shell would expand
/// ($VAR, `cmd`) is refused rather than taken literally, so the file means the same to both tools.
/// </summary>
internal static class ConfigFile
{
    public const string DefaultPath = "/etc/cronlock.conf";

    /// <summary>A config file holds a few dozen short lines; a bigger one is not a config file.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Parses the file's text. Pure.</summary>
    /// <returns>The values, or the first malformed line as a one-line error naming file and line.</returns>
    public static (IReadOnlyDictionary<Setting, RawValue>? Values, string? Error) Parse(string path, string text)
    {
        var values = new Dictionary<Setting, RawValue>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var where = $"{path} line {i + 1}";
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return (null, $"{where}: expected CRONLOCK_NAME=value");
            }

            var name = line[..equals];
            var setting = Settings.All.FirstOrDefault(s => s.EnvVar == name && s != Settings.Config);
            if (setting is null)
            {
                return (null, $"{where}: {name} is not a CronLock setting");
            }

            var (value, problem) = Unquote(line[(equals + 1)..]);
            if (problem is not null)
            {
                return (null, $"{where}: {name}: {problem}");
            }

            values[setting] = new RawValue(value!, $"{where}: {setting.EnvVar}");
        }

        return (values, null);
    }

    private static (string? Value, string? Problem) Unquote(string raw)
    {
        // As in sh, a comment may follow a quoted value: "value" # note
        if (raw.Length > 0 && raw[0] is '\'' or '"')
        {
            var close = raw.IndexOf(raw[0], 1);
            while (raw[0] == '"' && close > 0 && raw[close - 1] == '\\')
            {
                close = raw.IndexOf('"', close + 1);
            }

            if (close > 0 && close < raw.Length - 1 && raw[(close + 1)..].TrimStart().StartsWith('#'))
            {
                raw = raw[..(close + 1)];
            }
        }

        if (raw.StartsWith('\''))
        {
            return raw.Length >= 2 && raw.EndsWith('\'') && raw.IndexOf('\'', 1) == raw.Length - 1
                ? (raw[1..^1], null)
                : (null, "unbalanced single quotes");
        }

        if (raw.StartsWith('"'))
        {
            if (raw.Length < 2 || !raw.EndsWith('"'))
            {
                return (null, "unbalanced double quotes");
            }

            var inner = raw[1..^1];
            var result = new System.Text.StringBuilder();
            for (var i = 0; i < inner.Length; i++)
            {
                var c = inner[i];
                if (c == '\\' && i + 1 < inner.Length && inner[i + 1] is '"' or '\\' or '$' or '`')
                {
                    result.Append(inner[++i]);
                }
                else if (c is '$' or '`' or '"')
                {
                    return (null, $"'{c}' would be expanded by a shell; CronLock reads the file without one (escape it or use single quotes)");
                }
                else
                {
                    result.Append(c);
                }
            }

            return (result.ToString(), null);
        }

        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        var unquoted = (comment < 0 ? raw : raw[..comment]).TrimEnd();
        return unquoted.IndexOfAny([' ', '\t', '$', '`', '"', '\'', ';', '&', '|', '(', ')', '<', '>']) >= 0
            ? (null, "unquoted value with spaces or shell characters: quote it")
            : (unquoted, null);
    }
}
