using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests.Packaging;

/// <summary>
/// What a release ships for each CPU, as packaging/build-release.sh leaves it (the release workflow runs the same
/// script on a tag): the binary, its .deb, and SHA-256 sums that check. scripts/test.sh builds this machine's files
/// and, cross-compiled, the other CPU's; the other CPU's binary runs under qemu-user.
/// </summary>
public sealed class ReleaseFilesTests
{
    [Theory]
    [InlineData("host")]
    [InlineData("foreign")]
    public async Task ReleaseFiles_AreTheBinaryTheDebAndSumsThatCheck(string which)
    {
        var target = ReleaseTarget.Named(which);
        var binary = $"cronlock-{target.Rid}";
        var deb = DebName(target);

        var files = Directory.GetFiles(target.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var check = ToolProcess.StartInfo("sha256sum", ["--check", "--strict", "SHA256SUMS"]);
        check.WorkingDirectory = target.Directory;
        var result = await ToolProcess.RunAsync(check, ToolProcess.DefaultTimeout, TestContext.Current.CancellationToken);

        Assert.Equal(new[] { "SHA256SUMS", binary, deb }.Order(StringComparer.Ordinal), files);
        Assert.True(result.ExitCode == 0, $"sha256sum --check failed:\n{result}");
        Assert.Equal(new[] { $"{binary}: OK", $"{deb}: OK" }.Order(StringComparer.Ordinal), result.OutputLines.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("foreign")]
    public async Task ReleaseBinary_IsBuiltForItsCpu_AndItsDebCarriesItUnchanged(string which)
    {
        var target = ReleaseTarget.Named(which);
        using var workspace = Workspace.Create();
        var deb = Path.Combine(target.Directory, DebName(target));

        var architecture = await ToolProcess.RunAsync("dpkg-deb", ["--field", deb, "Architecture"], TestContext.Current.CancellationToken);
        var unpack = await ToolProcess.RunAsync("dpkg-deb", ["-x", deb, workspace.Directory], TestContext.Current.CancellationToken);

        Assert.Equal(target.ElfMachine, ElfFile.Read(target.Binary).Machine);
        Assert.Equal($"{target.DebianArchitecture}\n", architecture.StandardOutput);
        Assert.True(unpack.ExitCode == 0, $"dpkg-deb -x failed:\n{unpack}");
        Assert.Equal(FileDigest.Sha256(target.Binary), FileDigest.Sha256(workspace.PathOf("usr/bin/cronlock")));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("foreign")]
    public async Task ReleaseBinary_Version_IsTheProjectVersionAndACommit(string which)
    {
        var executable = ReleaseTarget.Named(which).Executable;

        var result = await ToolProcess.RunAsync(executable.Program, [.. executable.LeadingArguments, "--version"], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, $"--version failed:\n{result}");
        Assert.Matches($@"^cronlock {Regex.Escape(Repository.Version())} \(commit [0-9a-f]{{7,}}\)\n$", result.StandardOutput);
    }

    private static string DebName(ReleaseTarget target) => $"cronlock_{Repository.Version().Replace('-', '~')}_{target.DebianArchitecture}.deb";
}
