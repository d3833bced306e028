using System.Runtime.InteropServices;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A CPU the release ships a glibc binary and a .deb for, and where packaging/build-release.sh put them
/// (artifacts/release/RID). scripts/test.sh builds both: this machine's, and the other one cross-compiled, which
/// the tests run under qemu-user.
/// </summary>
internal sealed record ReleaseTarget(string Rid, string DebianArchitecture, string ElfMachine, string GnuTriple, string Qemu)
{
    public static readonly ReleaseTarget X64 = new("linux-x64", "amd64", "3e00", "x86_64-linux-gnu", "qemu-x86_64-static");

    public static readonly ReleaseTarget Arm64 = new("linux-arm64", "arm64", "b700", "aarch64-linux-gnu", "qemu-aarch64-static");

    public static ReleaseTarget Host => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => X64,
        Architecture.Arm64 => Arm64,
        var other => throw new PlatformNotSupportedException($"CronLock ships no binary for {other}"),
    };

    /// <summary>The other CPU: cross-compiled here.</summary>
    public static ReleaseTarget Foreign => Host == X64 ? Arm64 : X64;

    /// <summary>"host" or "foreign", as test data names them.</summary>
    public static ReleaseTarget Named(string which) => which switch
    {
        "host" => Host,
        "foreign" => Foreign,
        _ => throw new ArgumentOutOfRangeException(nameof(which), which, "host or foreign"),
    };

    /// <summary>The directory build-release.sh filled; a missing one fails the test with the command that builds it.</summary>
    public string Directory
    {
        get
        {
            var directory = Repository.File(Path.Combine("artifacts", "release", Rid));
            if (!File.Exists(Path.Combine(directory, "SHA256SUMS")))
            {
                throw new InvalidOperationException(
                    $"No release files for {Rid} in {directory}. Build them first: `bash packaging/build-release.sh --rid {Rid}` " +
                    "(scripts/test.sh does, installing the cross toolchain and qemu-user it needs).");
            }

            return directory;
        }
    }

    public string Binary => Path.Combine(Directory, $"cronlock-{Rid}");

    /// <summary>How to run <see cref="Binary"/> here: directly, or under qemu-user with Debian's cross sysroot.</summary>
    public CronLockExecutable Executable => this == Host
        ? new CronLockExecutable(Binary, [])
        : CronLockExecutable.UnderQemu(Qemu, $"/usr/{GnuTriple}", Binary);
}
