using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CronLock.Logging;

/// <summary>
/// Where a run's time goes, phase by phase, for bench/run.sh: each mark is the monotonic clock and
/// the bytes allocated so far, written to the file CRONLOCK_PHASES names when the process ends.
/// Compiled in only with <c>-p:CronLockPhases=true</c> (the bench's own build): in cronlock as
/// shipped the calls are removed by the compiler, so they cost nothing.
/// </summary>
internal static class PhaseMarks
{
    private static readonly (string Name, long Ticks, long Allocated)[] Marks = new (string, long, long)[32];
    private static int _count;

    [Conditional("CRONLOCK_PHASES")]
    public static void Mark(string name)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < Marks.Length)
        {
            Marks[index] = (name, Stopwatch.GetTimestamp(), GC.GetTotalAllocatedBytes(precise: true));
        }
    }

    /// <summary>Writes the marks: a "frequency N" line (Stopwatch ticks per second), then one "name ticks bytes" line each.</summary>
    [Conditional("CRONLOCK_PHASES")]
    public static void Write()
    {
        if (Environment.GetEnvironmentVariable("CRONLOCK_PHASES") is not { Length: > 0 } path)
        {
            return;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"frequency {Stopwatch.Frequency}\n");
        foreach (var (name, ticks, allocated) in Marks.AsSpan(0, Math.Min(_count, Marks.Length)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name} {ticks} {allocated}\n");
        }

        File.WriteAllText(path, text.ToString());
    }
}
