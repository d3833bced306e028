using System.Security.Cryptography;
using System.Text;

namespace CronLock.IntegrationTests;

/// <summary>
/// Arguments and environment values that are not UTF-8 (a Latin-1 file name, say) reach the job byte for byte, and
/// the key is the md5 of the bytes, as golock and bash cronlock compute it: otherwise a mixed fleet would lock two
/// different keys for one job and run it twice. .NET strings cannot hold such bytes, so cronlock is started by sh,
/// which builds them with printf.
/// </summary>
public sealed class RawBytesTests(RedisFixture redis)
{
    // "café" in Latin-1: 0xe9 alone is not UTF-8, and .NET would read it as U+FFFD.
    private static readonly byte[] Cafe = [0x63, 0x61, 0x66, 0xe9];
    private const string CafeInPrintf = @"\143\141\146\351";

    [Fact]
    public async Task Run_WithArgumentThatIsNotUtf8_PassesItsBytesToTheJob()
    {
        var invocation = new CronLockInvocation(Jobs.Shell("printf %s \"$2\"", TestNames.Key()))
        {
            Executable = CronLockExecutable.PublishedAfterShell($"set -- \"$@\" \"$(printf '{CafeInPrintf}')\""),
        };

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(0);
        Assert.Equal(Convert.ToHexString(Cafe), Convert.ToHexString(result.StandardOutputBytes));
    }

    [Fact]
    public async Task Run_WithArgumentThatIsNotUtf8_LocksMd5OfItsBytesLikeGolock()
    {
        var db = redis.Database();
        string[] job = Jobs.Shell("true", TestNames.Key());
        var invocation = new CronLockInvocation(job)
        {
            Executable = CronLockExecutable.PublishedAfterShell($"set -- \"$@\" \"$(printf '{CafeInPrintf}')\""),
        };

        // golock: md5 of the arguments as given, joined by single spaces.
        byte[] joined = [.. Encoding.UTF8.GetBytes(string.Join(' ', job) + " "), .. Cafe];
        var golockKey = ExpectedKey.DefaultPrefix + Convert.ToHexStringLower(MD5.HashData(joined));
        var decodedKey = ExpectedKey.ForArguments([.. job, Encoding.UTF8.GetString(Cafe)]);
        try
        {
            var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);

            result.ShouldExitWith(0);
            Assert.True(await db.KeyExistsAsync(golockKey), $"The run should have locked {golockKey} (GRACE keeps it).\n{result}");
            await LockAssertions.AssertAbsentAsync(db, decodedKey, "that is the key of the argument decoded with U+FFFD, not of its bytes");
        }
        finally
        {
            await db.KeyDeleteAsync([golockKey, decodedKey]);
        }
    }

    [Fact]
    public async Task Run_WithEnvironmentValueThatIsNotUtf8_PassesItToTheJobUnchanged()
    {
        var invocation = new CronLockInvocation(Jobs.Shell("printf %s \"$JOB_VALUE\"", TestNames.Key()))
        {
            Executable = CronLockExecutable.PublishedAfterShell($"export JOB_VALUE=\"$(printf '{CafeInPrintf}')\""),
        };

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);

        result.ShouldExitWith(0);
        Assert.Equal(Convert.ToHexString(Cafe), Convert.ToHexString(result.StandardOutputBytes));
    }
}
