using System.IO.Compression;

namespace CronLock.IntegrationTests.Packaging;

/// <summary>`dotnet pack` of the library gives a NuGet package a .NET service can reference: the assembly, its XML docs and a README.</summary>
public sealed class NuGetPackageTests
{
    [Fact]
    public async Task Pack_CronLockCore_HasTheAssemblyItsXmlDocsAndAReadme()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var root = CronLockBinary.FindRepositoryRoot() ?? throw new InvalidOperationException("CronLock.sln not found above the test binaries");
        var output = workspace.PathOf("packages");

        var pack = await ToolProcess.RunAsync(
            ToolProcess.StartInfo("dotnet", ["pack", Path.Combine(root, "src", "CronLock.Core"), "-c", "Release", "-o", output, "--nologo"]),
            TimeSpan.FromMinutes(3),
            cancellationToken);

        Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack.StandardOutput}\n{pack.StandardError}");
        var package = Assert.Single(Directory.GetFiles(output, "CronLock.Core.*.nupkg"));
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/CronLock.Core.dll", entries);
        Assert.Contains("lib/net10.0/CronLock.Core.xml", entries);
        Assert.Contains("README.md", entries);
        using var docs = new StreamReader(zip.GetEntry("lib/net10.0/CronLock.Core.xml")!.Open());
        var xml = await docs.ReadToEndAsync(cancellationToken);
        Assert.Contains("M:CronLock.Core.RedisLocker.ObtainAsync", xml, StringComparison.Ordinal);
        Assert.Contains("P:CronLock.Core.RedisLockHandle.FencingToken", xml, StringComparison.Ordinal);
    }
}
