namespace CronLock.CommandLine;

/// <summary>
/// The "did you mean" for an unknown flag. Pure. Only flags one edit away are offered: a missing,
/// extra or wrong character, or two neighbours swapped (<c>--tsl</c>); anything further is more
/// likely the job's own flag than a typo, and a guess there would mislead.
/// </summary>
internal static class FlagSuggestion
{
    /// <summary>The known flags one edit away from <paramref name="word"/> (its "=value" ignored), in the order given.</summary>
    public static IReadOnlyList<string> Near(string word, IEnumerable<string> flags)
    {
        var name = word.Split('=', 2)[0];
        return [.. flags.Where(flag => flag != name && IsOneEditAway(name, flag)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The hint for an unknown-option error: " (did you mean --verbose?)", or empty.</summary>
    public static string Hint(string word, IEnumerable<string> flags) =>
        Near(word, flags) is { Count: > 0 } near ? $" (did you mean {string.Join(" or ", near)}?)" : string.Empty;

    private static bool IsOneEditAway(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        if (a.Length != b.Length)
        {
            // One character inserted or dropped: the rest lines up once it is skipped in the longer.
            var (shorter, longer) = a.Length < b.Length ? (a, b) : (b, a);
            return shorter.AsSpan(prefix).SequenceEqual(longer.AsSpan(prefix + 1));
        }

        if (prefix == a.Length)
        {
            return false; // the same word: no edit at all
        }

        // Same length: one character replaced, or two neighbours swapped.
        return a.AsSpan(prefix + 1).SequenceEqual(b.AsSpan(prefix + 1))
            || (prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix]
                && a.AsSpan(prefix + 2).SequenceEqual(b.AsSpan(prefix + 2)));
    }
}
