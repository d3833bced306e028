using System.IO.Compression;
using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests.Packaging;

/// <summary>
/// The .deb as an operator gets it: built by packaging/build-deb.sh from the published binary, checked against
/// Debian policy (and by lintian when it is installed), installed with dpkg into a temporary root, run as cronlock
/// and as golock, then removed with dpkg without a trace. Nothing is installed on the machine running the tests.
/// </summary>
public sealed class DebPackageTests(RedisFixture redis)
{
    private const string PackageName = "cronlock";

    // The address the release workflow passes as DEB_HOMEPAGE is the GitHub repository's; this one stands for it.
    private const string Homepage = "https://example.org/cronlock";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DpkgTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LintianTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Everything the package installs, links included, relative to the root it is installed into.</summary>
    private static readonly string[] InstalledPaths =
    [
        "usr/bin/cronlock",
        "usr/bin/golock",
        "usr/share/man/man1/cronlock.1.gz",
        "usr/share/man/man1/golock.1.gz",
        "usr/share/doc/cronlock/README.md.gz",
        "usr/share/doc/cronlock/copyright",
        "usr/share/doc/cronlock/changelog.gz",
        "usr/share/doc/cronlock/docs/migrating-from-golock.md.gz",
        "usr/share/bash-completion/completions/cronlock",
        "usr/share/bash-completion/completions/golock",
        "usr/share/lintian/overrides/cronlock",
    ];

    [Fact]
    public async Task Deb_HoldsTheBinaryLinksManPageDocsAndCompletion()
    {
        Assert.SkipUnless(DebTools.IsOnPath("dpkg-deb"), "dpkg-deb is not installed: not a Debian-like system");
        using var workspace = Workspace.Create();
        var deb = await BuildDebAsync(workspace.Directory);

        var fields = await DebTools.RunAsync("dpkg-deb", ["--field", deb, "Package", "Version", "Architecture", "Depends", "Provides"]);
        Assert.Equal(0, fields.Code);
        Assert.Contains($"Package: {PackageName}\n", fields.Output, StringComparison.Ordinal);
        Assert.Contains($"Version: {DebVersion}\n", fields.Output, StringComparison.Ordinal);
        Assert.Contains($"Architecture: {ReleaseTarget.Host.DebianArchitecture}\n", fields.Output, StringComparison.Ordinal);
        Assert.Matches(@"Depends: libc6 \(>= 2\.\d+\), libssl3 \| libssl3t64\n", fields.Output);
        Assert.Contains("Provides: golock\n", fields.Output, StringComparison.Ordinal);

        var contents = await DebTools.RunAsync("dpkg-deb", ["--contents", deb]);
        Assert.Equal(0, contents.Code);
        Assert.Matches(@"(?m)^-rwxr-xr-x root/root +\d+ \S+ \S+ \./usr/bin/cronlock$", contents.Output);
        Assert.Matches(@"(?m)^lrwxrwxrwx root/root .* \./usr/bin/golock -> cronlock$", contents.Output);
        Assert.Matches(@"(?m)^lrwxrwxrwx root/root .* \./usr/share/man/man1/golock\.1\.gz -> cronlock\.1\.gz$", contents.Output);
        Assert.Matches(@"(?m)^lrwxrwxrwx root/root .* \./usr/share/bash-completion/completions/golock -> cronlock$", contents.Output);
        foreach (var path in InstalledPaths)
        {
            Assert.Contains($" ./{path}", contents.Output, StringComparison.Ordinal);
        }

        // The packaged files are the published binary and the repository's own man page, completion and docs, unchanged.
        var unpacked = Path.Combine(workspace.Directory, "unpacked");
        Assert.Equal(0, (await DebTools.RunAsync("dpkg-deb", ["--extract", deb, unpacked])).Code);
        Assert.Equal(FileDigest.Sha256(CronLockBinary.Path), FileDigest.Sha256(Path.Combine(unpacked, "usr/bin/cronlock")));
        Assert.Equal(RepositoryText("contrib/cronlock.bash-completion"), File.ReadAllText(Path.Combine(unpacked, "usr/share/bash-completion/completions/cronlock")));
        Assert.Equal(RepositoryText("docs/man/cronlock.1"), Gunzip(Path.Combine(unpacked, "usr/share/man/man1/cronlock.1.gz")));
        Assert.Equal(RepositoryText("README.md"), Gunzip(Path.Combine(unpacked, "usr/share/doc/cronlock/README.md.gz")));
        Assert.Equal(RepositoryText("packaging/copyright"), File.ReadAllText(Path.Combine(unpacked, "usr/share/doc/cronlock/copyright")));
    }

    /// <summary>What lintian checks, checked here too, so that a machine without lintian still catches them.</summary>
    [Fact]
    public async Task Deb_HasARealMaintainerAHomepageAChangelogAndCompressedDocs()
    {
        Assert.SkipUnless(DebTools.IsOnPath("dpkg-deb"), "dpkg-deb is not installed: not a Debian-like system");
        using var workspace = Workspace.Create();
        var deb = await BuildDebAsync(workspace.Directory);

        var fields = await DebTools.RunAsync("dpkg-deb", ["--field", deb, "Maintainer", "Homepage"]);
        Assert.Equal(0, fields.Code);
        var maintainer = Regex.Match(fields.Output, @"(?m)^Maintainer: (.+)$").Groups[1].Value;
        Assert.Matches(@"^[^<>]+ <[^@<> ]+@[^@<> ]+\.[^@<> ]+>$", maintainer);
        Assert.DoesNotMatch(@"@localhost(\.localdomain)?>", maintainer);
        Assert.Contains($"Homepage: {Homepage}\n", fields.Output, StringComparison.Ordinal);

        var unpacked = Path.Combine(workspace.Directory, "unpacked");
        Assert.Equal(0, (await DebTools.RunAsync("dpkg-deb", ["--extract", deb, unpacked])).Code);
        var doc = Path.Combine(unpacked, "usr/share/doc/cronlock");

        // A native package's changelog: this version, and the Maintainer as its author.
        var changelog = Gunzip(Path.Combine(doc, "changelog.gz"));
        Assert.StartsWith($"{PackageName} ({DebVersion}) unstable; urgency=medium\n", changelog, StringComparison.Ordinal);
        Assert.Matches($@"\n -- {Regex.Escape(maintainer)}  \w{{3}}, \d{{2}} \w{{3}} \d{{4}} \d{{2}}:\d{{2}}:\d{{2}} \+0000\n$", changelog);

        // Debian policy 12.3: documentation over 4 KB is gzipped (copyright never is), and still reads as the repository's.
        foreach (var file in Directory.EnumerateFiles(doc, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(doc, file);
            if (relative.EndsWith(".gz", StringComparison.Ordinal))
            {
                if (relative != "changelog.gz")
                {
                    Assert.Equal(RepositoryText(relative[..^3]), Gunzip(file));
                }
            }
            else
            {
                Assert.True(relative == "copyright" || new FileInfo(file).Length <= 4096, $"{relative} is over 4 KB and not compressed");
            }
        }
    }

    [Fact]
    public async Task Deb_IsLintianClean_ButForTheDocumentedNonPieBinaryAndRuntimeZlib()
    {
        Assert.SkipUnless(DebTools.IsOnPath("dpkg-deb"), "dpkg-deb is not installed: not a Debian-like system");
        Assert.SkipUnless(DebTools.IsOnPath("lintian"), "lintian is not installed (scripts/test.sh installs it)");
        using var workspace = Workspace.Create();
        var deb = await BuildDebAsync(workspace.Directory);

        // --fail-on none: with --show-overrides, lintian 2.116 fails on an overridden tag too (the zlib
        // override is an error-level tag); every tag that is not overridden is caught by the E/W check below.
        var lintian = await DebTools.RunAsync("lintian", ["--show-overrides", "--fail-on", "none", deb], timeout: LintianTimeout);

        Assert.True(lintian.Code == 0, $"lintian exited {lintian.Code}:\n{lintian.Output}{lintian.Error}");
        Assert.DoesNotMatch("(?m)^[EW]: ", lintian.Output);
        Assert.Matches(@"(?m)^O: cronlock: hardening-no-pie \[usr/bin/cronlock\]$", lintian.Output);
        Assert.Matches(@"(?m)^O: cronlock: embedded-library zlib \[usr/bin/cronlock\]$", lintian.Output);
    }

    [Fact]
    public async Task Deb_InstalledWithDpkgIntoATemporaryRoot_RunsAsCronlockAndGolock_AndRemovesCleanly()
    {
        Assert.SkipUnless(DebTools.IsOnPath("dpkg") && DebTools.IsOnPath("dpkg-deb"), "dpkg is not installed: not a Debian-like system");
        using var workspace = Workspace.Create();
        var deb = await BuildDebAsync(workspace.Directory);
        var root = TemporaryRoot.Create(Path.Combine(workspace.Directory, "root"));

        var install = await root.DpkgAsync(DpkgTimeout, "--force-depends", "--install", deb);
        Assert.True(install.Code == 0, $"dpkg --install {deb} exited {install.Code}:\n{install.Error}{install.Output}");
        foreach (var path in InstalledPaths.Where(p => !DebTools.DpkgExcludes("/" + p)))
        {
            Assert.True(File.Exists(root.PathOf(path)), $"dpkg did not install /{path}");
        }

        var version = await DebTools.RunAsync(root.PathOf("usr/bin/cronlock"), ["--version"]);
        Assert.Equal(0, version.Code);
        Assert.Matches($@"^cronlock {Regex.Escape(Repository.Version())}( \(commit [0-9a-f]+\))?\n$", version.Output);

        var help = await DebTools.RunAsync(root.PathOf("usr/bin/golock"), ["--help"]);
        Assert.Equal(0, help.Code);
        Assert.Contains("--host", help.Output, StringComparison.Ordinal);
        Assert.Contains("CRONLOCK_HOST", help.Output, StringComparison.Ordinal);

        // The installed binary takes a real lock through its golock name and runs the job.
        var run = await DebTools.RunAsync(
            root.PathOf("usr/bin/golock"), ["--key", TestNames.Key(), "--grace", "0", "sh", "-c", "echo ran"],
            new Dictionary<string, string>
            {
                ["CRONLOCK_HOST"] = redis.Endpoint.Host,
                ["CRONLOCK_PORT"] = redis.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        Assert.True(run.Code == 0, $"golock exited {run.Code}: {run.Error}");
        Assert.Equal("ran\n", run.Output);

        var remove = await root.DpkgAsync(DpkgTimeout, "--remove", PackageName);
        Assert.True(remove.Code == 0, $"dpkg --remove {PackageName} exited {remove.Code}:\n{remove.Error}{remove.Output}");
        var left = root.FilesOutsideDpkgsOwn();
        Assert.True(left.Count == 0, $"dpkg --remove left {string.Join(", ", left)} behind");
    }

    private static string DebVersion => Repository.Version().Replace('-', '~');

    private static string RepositoryText(string relative) => File.ReadAllText(Repository.File(relative));

    private static string Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private static async Task<string> BuildDebAsync(string directory)
    {
        var build = await DebTools.RunAsync(
            "bash",
            [Repository.File("packaging/build-deb.sh"), "--binary", CronLockBinary.Path, "--rid", ReleaseTarget.Host.Rid, "--output", directory],
            new Dictionary<string, string> { ["DEB_HOMEPAGE"] = Homepage },
            BuildTimeout);
        Assert.True(build.Code == 0, $"packaging/build-deb.sh exited {build.Code}:\n{build.Error}");
        var deb = build.Output.TrimEnd('\n').Split('\n')[^1];
        Assert.True(File.Exists(deb), $"packaging/build-deb.sh printed '{deb}', which is not a file");
        return deb;
    }
}
