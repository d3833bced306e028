namespace CronLock.IntegrationTests.Infrastructure;

internal static class ProcessProbe
{
    /// <summary>
    /// True while <paramref name="pid"/> is a live process. A zombie counts as dead: it was killed, only its parent
    /// (or init, once reparented) has not reaped it yet.
    /// </summary>
    public static bool IsAlive(int pid) => Stat($"/proc/{pid}/stat") is { Alive: true };

    /// <summary>The live children of <paramref name="parent"/> whose name (comm) is <paramref name="name"/>.</summary>
    public static IReadOnlyList<int> ChildrenNamed(int parent, string name) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(directory => (Pid: int.TryParse(Path.GetFileName(directory), out var pid) ? pid : 0, Stat: Stat($"{directory}/stat")))
            .Where(p => p.Pid > 0 && p.Stat is { Alive: true } stat && stat.Name == name && stat.Parent == parent)
            .Select(p => p.Pid)];

    /// <summary>A process's name, parent and liveness from its /proc stat file; null when it is gone.</summary>
    private static (string Name, int Parent, bool Alive)? Stat(string path)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Format: "pid (comm) S ppid ..." where comm may itself contain ") ", so look after the last one.
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        return (stat[(stat.IndexOf('(') + 1)..close], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture),
            fields[0] is not ("Z" or "X" or "x"));
    }

    /// <summary>Best-effort cleanup of a process a test caused to exist, by its exact pid.</summary>
    public static void KillIfAlive(int pid)
    {
        if (!IsAlive(pid))
        {
            return;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }
}
