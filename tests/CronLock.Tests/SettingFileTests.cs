using System.Diagnostics;
using CronLock.Files;

namespace CronLock.Tests;

/// <summary>
/// Files a setting names (config, password, TLS PEM) are read only when they are regular files
/// under a cap: a FIFO would block open() forever and /dev/zero would fill memory.
/// </summary>
public sealed class SettingFileTests : IDisposable
{
    private const int OwnerReadWrite = 0x180; // 0600
    private const int Cap = 64 * 1024;

    private readonly string _directory = Directory.CreateTempSubdirectory("cronlock-setting-file-").FullName;

    public static TheoryData<int, string> NotRegularFiles => new()
    {
        { 0x1000, "is a FIFO, not a regular file" },
        { 0x2000, "is a character device, not a regular file" },
        { 0x4000, "is a directory, not a regular file" },
        { 0x6000, "is a block device, not a regular file" },
        { 0xA000, "is a symbolic link, not a regular file" },
        { 0xC000, "is a socket, not a regular file" },
        { 0x0000, "is of an unknown type, not a regular file" },
    };

    [Theory]
    [MemberData(nameof(NotRegularFiles))]
    public void Problem_WhenNotARegularFile_NamesWhatItIs(int type, string expected)
    {
        Assert.Equal(expected, SettingFile.Problem(new FileFacts(type | OwnerReadWrite, 0, 0), Cap));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(Cap, null)]
    [InlineData(Cap + 1, "is larger than 65536 bytes")]
    [InlineData(long.MaxValue, "is larger than 65536 bytes")]
    public void Problem_OfARegularFile_IsItsSizeOverTheCap(long size, string? expected)
    {
        Assert.Equal(expected, SettingFile.Problem(new FileFacts(0x8000 | OwnerReadWrite, size, 0), Cap));
    }

    [Fact(Timeout = 20_000)]
    public async Task Read_OfAFifo_ReturnsAtOnceWithoutWaitingForAWriter()
    {
        var fifo = Path.Combine(_directory, "fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var (text, _, error) = await Task.Run(() => SettingFile.Read(fifo, "CRONLOCK_CONFIG", Cap), TestContext.Current.CancellationToken);

        Assert.Null(text);
        Assert.Equal($"CRONLOCK_CONFIG file {fifo} is a FIFO, not a regular file", error);
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/dev/urandom", "is a character device, not a regular file")]
    [InlineData("/dev/null", "is a character device, not a regular file")]
    [InlineData("/", "is a directory, not a regular file")]
    [InlineData("/no/such/file", "cannot be read: No such file or directory")]
    public void Read_OfWhatIsNotAFile_IsOneLineNamingSettingPathAndProblem(string path, string problem)
    {
        var (text, _, error) = SettingFile.Read(path, "CRONLOCK_AUTH_FILE", Cap);

        Assert.Null(text);
        Assert.Equal($"CRONLOCK_AUTH_FILE file {path} {problem}", error);
    }

    [Fact]
    public void Read_OfAFileOverTheCap_IsRefused_AndOfOneAtTheCapReadsIt()
    {
        var path = Path.Combine(_directory, "big");
        File.WriteAllText(path, new string('#', Cap + 1));
        Assert.Equal($"--config file {path} is larger than 65536 bytes", SettingFile.Read(path, "--config", Cap).Error);

        File.WriteAllText(path, new string('#', Cap));
        Assert.Equal(Cap, SettingFile.Read(path, "--config", Cap).Text!.Length);
    }

    [Fact]
    public void Read_OfAProcFileThatSaysSizeZero_ReadsNoMoreThanTheCap()
    {
        // /proc files report st_size 0 whatever they hold: the cap must hold while reading too.
        var (text, facts, _) = SettingFile.Read("/proc/self/status", "CRONLOCK_CONFIG", Cap);
        Assert.Equal(0, facts!.Size);
        Assert.Contains("Pid:", text, StringComparison.Ordinal);

        Assert.Equal("CRONLOCK_CONFIG file /proc/self/status is larger than 10 bytes", SettingFile.Read("/proc/self/status", "CRONLOCK_CONFIG", 10).Error);
    }

    [Fact]
    public void Read_ThroughASymlinkToARegularFile_ReadsTheFile()
    {
        var target = Path.Combine(_directory, "target.conf");
        File.WriteAllText(target, "\uFEFFCRONLOCK_GRACE=5\n");
        var link = Path.Combine(_directory, "link.conf");
        File.CreateSymbolicLink(link, target);

        var (text, facts, error) = SettingFile.Read(link, "CRONLOCK_CONFIG", Cap);

        Assert.Null(error);
        Assert.Equal("CRONLOCK_GRACE=5\n", text);
        Assert.True(facts!.IsRegularFile);
    }

    [Fact]
    public void Read_ThroughASymlinkToADevice_IsRefused()
    {
        var link = Path.Combine(_directory, "zero-link");
        File.CreateSymbolicLink(link, "/dev/zero");

        Assert.Equal($"CRONLOCK_TLS_CA file {link} is a character device, not a regular file", SettingFile.Read(link, "CRONLOCK_TLS_CA", Cap).Error);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
