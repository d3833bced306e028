namespace CronLock.Running;

/// <summary>
/// The argv and environment this process was started with, as the kernel holds them. .NET hands
/// both over as strings decoded from UTF-8, with U+FFFD in place of bytes that are not UTF-8;
/// golock and bash cronlock hash and pass on the bytes themselves, and so must cronlock, or a
/// mixed fleet derives two keys for one job. cronlock never changes its own environment, so
/// /proc/self/environ is still the block it was started with.
/// </summary>
internal static class ProcessBytes
{
    /// <summary>argv after the program's name; null when /proc cannot be read.</summary>
    public static IReadOnlyList<byte[]>? Arguments() =>
        Read("/proc/self/cmdline") is { Count: > 0 } argv ? argv.GetRange(1, argv.Count - 1) : null;

    /// <summary>The NAME=value entries; null when /proc cannot be read.</summary>
    public static IReadOnlyList<byte[]>? Environment() => Read("/proc/self/environ");

    /// <summary>A NUL-terminated list, as the kernel writes argv and envp.</summary>
    private static List<byte[]>? Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var entries = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0)
            {
                entries.Add(bytes[start..i]);
                start = i + 1;
            }
        }

        return entries;
    }
}
