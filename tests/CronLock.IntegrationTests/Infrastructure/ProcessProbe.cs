namespace CronLock.IntegrationTests.Infrastructure;

internal static class ProcessProbe
{
    /// <summary>
    /// True while <paramref name="pid"/> is a live process. A zombie counts as dead: it was killed, only its parent
    /// (or init, once reparented) has not reaped it yet.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // Format: "pid (comm) S ..." where comm may itself contain ") ", so look after the last one.
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X' or 'x');
    }

    /// <summary>The live children of <paramref name="parent"/> whose name (comm) is <paramref name="name"/>.</summary>
    public static IReadOnlyList<int> ChildrenNamed(int parent, string name)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText($"{directory}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) S ppid ...": comm may itself contain ") ".
            var close = stat.LastIndexOf(')');
            var comm = stat[(stat.IndexOf('(') + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            if (comm == name && fields[1] == parent.ToString(System.Globalization.CultureInfo.InvariantCulture) && IsAlive(pid))
            {
                children.Add(pid);
            }
        }

        return children;
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
