using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CronLock.Files;

/// <summary>
/// The libc calls behind <see cref="SettingFile"/>. .NET opens files with a blocking open() (a FIFO
/// waits for a writer) and tells neither a file's type nor its owner from a descriptor.
/// </summary>
internal static partial class FileSystemCalls
{
    private const string Libc = "libc";

    // The same values on x86-64 and arm64 (asm-generic), in glibc and musl.
    private const int ReadOnly = 0;
    private const int NoControllingTerminal = 0x100;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int Eintr = 4;

    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const uint StatxSize = 0x200;

    /// <summary>
    /// Opens <paramref name="path"/> to read, following symlinks. O_NONBLOCK makes open() of a FIFO
    /// return at once instead of waiting for a writer; O_NOCTTY keeps a terminal device from becoming
    /// cronlock's controlling terminal. Null, with the reason, when it cannot be opened.
    /// </summary>
    public static SafeFileHandle? OpenToRead(string path, out string? error)
    {
        int descriptor;
        do
        {
            descriptor = Open(path, ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec);
        }
        while (descriptor < 0 && Marshal.GetLastPInvokeError() == Eintr);

        error = descriptor < 0 ? Marshal.GetLastPInvokeErrorMessage() : null;
        return descriptor < 0 ? null : new SafeFileHandle(descriptor, ownsHandle: true);
    }

    /// <summary>The facts of an opened file: what was opened is what is judged, whatever the path names by now.</summary>
    public static FileFacts? Describe(SafeFileHandle handle, out string? error)
    {
        var described = Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxType | StatxMode | StatxUid | StatxSize, out var status) == 0;
        error = described ? null : $"statx: {Marshal.GetLastPInvokeErrorMessage()}";
        return described ? status.Facts : null;
    }

    /// <summary>The facts of the file a path names (symlinks followed); null when there is none.</summary>
    public static FileFacts? Describe(string path) =>
        Statx(AtFdCwd, path, 0, StatxType | StatxMode | StatxUid | StatxSize, out var status) == 0 ? status.Facts : null;

    public static uint EffectiveUserId() => GetEffectiveUserId();

    [LibraryImport(Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    // statx rather than fstat: struct stat differs between x86-64 and arm64, struct statx has one
    // layout everywhere (glibc 2.28+, musl 1.2.5+).
    [LibraryImport(Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer status);

    [LibraryImport(Libc, EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>struct statx (linux/stat.h): 256 bytes; only the fields read here are named.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(40)]
        public ulong Size;

        public readonly FileFacts Facts => new(Mode, (long)Math.Min(Size, long.MaxValue), Uid);
    }
}
