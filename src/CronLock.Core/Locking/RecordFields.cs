using System.Globalization;

namespace CronLock.Core.Locking;

/// <summary>
/// Numbers in the hashes the lock scripts write (the holder record and the last run): read the
/// same way by the CLI's --status and the library's holder query. A missing or unreadable field
/// reads as 0.
/// </summary>
internal static class RecordFields
{
    public static long Long(this IReadOnlyDictionary<string, string> fields, string name) =>
        long.TryParse(fields.GetValueOrDefault(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public static int Int(this IReadOnlyDictionary<string, string> fields, string name) =>
        (int)Math.Clamp(fields.Long(name), int.MinValue, int.MaxValue);
}
