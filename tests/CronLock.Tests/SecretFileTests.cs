using CronLock.Files;
using CronLock.Options;

namespace CronLock.Tests;

/// <summary>CRONLOCK_AUTH_FILE: like ssh with a private key, only a file of the running user's, closed to others, holding a password.</summary>
public sealed class SecretFileTests
{
    private const int RegularFile = 0x8000;
    private const uint Runner = 1000;

    [Theory]
    [InlineData(0x180, Runner, "pw", null)]                                                            // 600, own file
    [InlineData(0x100, Runner, "pw", null)]                                                            // 400
    [InlineData(0x180, 0u, "pw", "is owned by uid 0, not by uid 1000 running cronlock: run chown 1000 /p")]
    [InlineData(0x180, 65534u, "pw", "is owned by uid 65534, not by uid 1000 running cronlock: run chown 1000 /p")]
    [InlineData(0x1A0, Runner, "pw", "is accessible by group or others (mode 0640): run chmod 600 /p")]
    [InlineData(0x181, Runner, "pw", "is accessible by group or others (mode 0601): run chmod 600 /p")]
    [InlineData(0x180, Runner, "", "is empty: put the password in it")]
    public void Problem_ChecksOwnerThenModeThenContent(int permissions, uint owner, string password, string? expected)
    {
        Assert.Equal(expected, SecretFile.Problem("/p", new FileFacts(RegularFile | permissions, password.Length, owner), password, Runner));
    }

    [Theory]
    [InlineData("pw", "pw")]
    [InlineData("pw\n", "pw")]
    [InlineData("pw\r\n", "pw")]
    [InlineData("pw\n\n", "pw\n")]
    [InlineData("\n", "")]
    [InlineData("", "")]
    public void Password_DropsOneTrailingNewline(string text, string expected)
    {
        Assert.Equal(expected, SecretFile.Password(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Read_OfAnEmptyFile_IsRefused(string content)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            var error = Assert.Throws<InvalidSettingException>(() => SecretFile.Read(path, "CRONLOCK_AUTH_FILE")).Message;

            Assert.Equal($"CRONLOCK_AUTH_FILE file {path} is empty: put the password in it", error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
