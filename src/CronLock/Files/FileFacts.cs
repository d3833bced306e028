namespace CronLock.Files;

/// <summary>What the file system says about a file a setting names, read from the opened descriptor.</summary>
/// <param name="Mode">st_mode: the file type bits (S_IFMT) and the permission bits.</param>
/// <param name="Size">st_size in bytes; files in /proc say 0 whatever they hold.</param>
/// <param name="OwnerId">The owner's uid.</param>
internal sealed record FileFacts(int Mode, long Size, uint OwnerId)
{
    // S_IFMT and the S_IF* values are the same on every Linux architecture, in glibc and musl.
    private const int TypeBits = 0xF000;
    private const int RegularFileType = 0x8000;

    public bool IsRegularFile => (Mode & TypeBits) == RegularFileType;

    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);

    /// <summary>What the file is, for an error: "a FIFO", "a directory"...</summary>
    public string Kind => (Mode & TypeBits) switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        RegularFileType => "a regular file",
        0xA000 => "a symbolic link",
        0xC000 => "a socket",
        _ => "of an unknown type",
    };
}
