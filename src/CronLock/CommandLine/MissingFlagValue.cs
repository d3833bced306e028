using CronLock.Options;

namespace CronLock.CommandLine;

/// <summary>
/// A value flag written without its value takes the next word as its value, often the job:
/// <c>cronlock --timeout job.sh --nightly</c> reads "job.sh" as the timeout, then sees
/// <c>--nightly</c> as an unknown option, or no command at all. Either error would send the
/// operator to the wrong place; the flag whose value is wrong is the real cause. Pure.
/// </summary>
internal static class MissingFlagValue
{
    /// <summary>What a numeric setting expects, by the catalogue's value name.</summary>
    private static readonly Dictionary<string, string> Numbers = new(StringComparer.Ordinal)
    {
        ["s"] = "a number of seconds",
        ["n"] = "a number",
        ["port"] = "a port number",
    };

    /// <summary>
    /// The first numeric flag whose value is no number at all (a word, a path), as one line; null if none.
    /// "-1" or "1.5" are numbers, out of range: the settings' own check names their range.
    /// </summary>
    public static string? Problem(IEnumerable<(Setting Setting, string Value)> given) =>
        given.Where(g => Numbers.ContainsKey(g.Setting.ValueName) && !IsNumber(g.Value))
            .Select(g => $"{g.Setting.Flag}: \"{g.Value}\" is not {Numbers[g.Setting.ValueName]}")
            .FirstOrDefault();

    /// <summary>Digits with an optional sign and decimal part: what a typo in a number looks like, unlike a job's name.</summary>
    private static bool IsNumber(string value)
    {
        var digits = value.AsSpan().TrimStart("+-");
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? [] : digits[(point + 1)..];
        return whole.Length + fraction.Length > 0 && !whole.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9');
    }
}
