using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// Samples a running process's peak resident set (VmHWM in /proc/&lt;pid&gt;/status) until it exits. VmHWM is the
/// kernel's own high-water mark, so each sample covers the whole life so far; only the last few milliseconds
/// before the exit go unseen.
/// </summary>
internal sealed class PeakMemory
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    private PeakMemory(Task<long> sampling)
    {
        Sampling = sampling;
    }

    /// <summary>The highest VmHWM seen, in bytes; 0 when the process was gone before the first sample.</summary>
    public Task<long> Sampling { get; }

    public static PeakMemory Watch(int pid) => new(Task.Run(async () =>
    {
        long peak = 0;
        while (ReadHighWaterMark(pid) is { } bytes)
        {
            peak = Math.Max(peak, bytes);
            await Task.Delay(Interval);
        }

        return peak;
    }));

    private static long? ReadHighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    // "VmHWM:     35212 kB"
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
                }
            }

            return null; // A zombie has no memory lines: it is done.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
