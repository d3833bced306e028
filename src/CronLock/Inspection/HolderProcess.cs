using System.Runtime.InteropServices;
using CronLock.Running;

namespace CronLock.Inspection;

/// <summary>Whether the process that holds a lock still runs: only the host it ran on can tell.</summary>
internal static class HolderProcess
{
    /// <returns>
    /// Null when the holder ran on another host (or its pid is not one), else whether a process
    /// with its pid exists here. A reused pid reads as running: the hint errs on the quiet side.
    /// </returns>
    public static bool? IsRunning(string host, int pid)
    {
        if (host != Environment.MachineName || pid <= 0)
        {
            return null;
        }

        // Signal 0 only checks: EPERM means the process exists under another user.
        return Posix.kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != Posix.Esrch;
    }
}
