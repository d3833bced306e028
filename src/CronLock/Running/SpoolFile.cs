using System.Runtime.InteropServices;
using System.Text;

namespace CronLock.Running;

/// <summary>
/// Where quiet mode holds one stream of the job's output until the run's end: a temporary file in
/// $TMPDIR (or /tmp), mode 600, unlinked as soon as it is made, so nothing is left behind whatever
/// kills cronlock, and a job that prints gigabytes costs disk, not memory.
/// </summary>
internal sealed unsafe class SpoolFile : IDisposable
{
    private int _fd;

    private SpoolFile(int fd) => _fd = fd;

    /// <returns>The file, or null with why it could not be made.</returns>
    public static SpoolFile? Create(string? temporaryDirectory, out string? problem)
    {
        var directory = string.IsNullOrEmpty(temporaryDirectory) ? "/tmp" : temporaryDirectory.TrimEnd('/');
        var template = Encoding.UTF8.GetBytes(directory + "/cronlock-output-XXXXXX\0");
        fixed (byte* path = template)
        {
            // mkostemp creates it 0600 and O_EXCL; the name lives only until the unlink below.
            var fd = Posix.mkostemp(path, Posix.OCloexec);
            if (fd < 0)
            {
                problem = $"cannot create a spool file in {directory}: {Posix.ErrorText(Marshal.GetLastPInvokeError())}";
                return null;
            }

            Posix.unlink(path);
            problem = null;
            return new SpoolFile(Descriptors.AboveStdio(fd));
        }
    }

    /// <summary>Returns 0, or the errno of a failed write (a full disk).</summary>
    public int Append(ReadOnlySpan<byte> data) => Descriptors.WriteAll(_fd, data);

    /// <summary>Writes everything spooled to <paramref name="target"/>, from the start.</summary>
    public void CopyTo(int target)
    {
        if (Posix.lseek(_fd, 0, 0) < 0)
        {
            return;
        }

        var buffer = new byte[64 * 1024];
        int got;
        while ((got = Descriptors.Read(_fd, buffer)) > 0)
        {
            if (Descriptors.WriteAll(target, buffer.AsSpan(0, got)) != 0)
            {
                return;
            }
        }
    }

    public void Dispose() => Descriptors.Close(ref _fd);
}
