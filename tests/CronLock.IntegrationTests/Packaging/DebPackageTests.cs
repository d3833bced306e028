using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests.Packaging;

/// <summary>
/// The .deb as an operator gets it: built by packaging/build-deb.sh from the published binary, installed
/// with dpkg -i, run as cronlock and as golock, then removed with dpkg -r without a trace. Installing needs
/// dpkg and root (or sudo without a password); the test never touches a cronlock or golock it did not install.
/// </summary>
public sealed class DebPackageTests(RedisFixture redis)
{
    private const string PackageName = "cronlock";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DpkgTimeout = TimeSpan.FromMinutes(2);

    // dpkg refuses to start while apt or another dpkg holds its lock (unattended upgrades on CI runners):
    // retry until this much time has passed.
    private static readonly TimeSpan DpkgLockPatience = TimeSpan.FromMinutes(2);

    /// <summary>Everything the package installs, links included; all of it must be gone after dpkg -r.</summary>
    private static readonly string[] InstalledPaths =
    [
        "/usr/bin/cronlock",
        "/usr/bin/golock",
        "/usr/share/man/man1/cronlock.1.gz",
        "/usr/share/man/man1/golock.1.gz",
        "/usr/share/doc/cronlock/README.md",
        "/usr/share/doc/cronlock/copyright",
        "/usr/share/doc/cronlock/docs/migrating-from-golock.md",
        "/usr/share/bash-completion/completions/cronlock",
        "/usr/share/bash-completion/completions/golock",
    ];

    [Fact]
    public async Task Deb_HoldsTheBinaryLinksManPageDocsAndCompletion()
    {
        Assert.SkipUnless(IsOnPath("dpkg-deb"), "dpkg-deb is not installed: not a Debian-like system");
        using var workspace = Workspace.Create();
        var deb = await BuildDebAsync(workspace.Directory);

        var fields = await RunAsync("dpkg-deb", ["--field", deb, "Package", "Version", "Architecture", "Depends", "Provides"]);
        Assert.Equal(0, fields.Code);
        Assert.Contains($"Package: {PackageName}\n", fields.Output, StringComparison.Ordinal);
        Assert.Contains($"Version: {Repository.Version().Replace('-', '~')}\n", fields.Output, StringComparison.Ordinal);
        Assert.Contains($"Architecture: {ReleaseTarget.Host.DebianArchitecture}\n", fields.Output, StringComparison.Ordinal);
        Assert.Matches(@"Depends: libc6 \(>= 2\.\d+\), libssl3 \| libssl3t64\n", fields.Output);
        Assert.Contains("Provides: golock\n", fields.Output, StringComparison.Ordinal);

        var contents = await RunAsync("dpkg-deb", ["--contents", deb]);
        Assert.Equal(0, contents.Code);
        Assert.Matches(@"(?m)^-rwxr-xr-x root/root +\d+ \S+ \S+ \./usr/bin/cronlock$", contents.Output);
        Assert.Matches(@"(?m)^lrwxrwxrwx root/root .* \./usr/bin/golock -> cronlock$", contents.Output);
        Assert.Matches(@"(?m)^lrwxrwxrwx root/root .* \./usr/share/man/man1/golock\.1\.gz -> cronlock\.1\.gz$", contents.Output);
        Assert.Matches(@"(?m)^lrwxrwxrwx root/root .* \./usr/share/bash-completion/completions/golock -> cronlock$", contents.Output);
        foreach (var path in InstalledPaths)
        {
            Assert.Contains($" .{path}", contents.Output, StringComparison.Ordinal);
        }

        // The packaged files are the published binary and the repository's own man page and completion, unchanged.
        var unpacked = Path.Combine(workspace.Directory, "unpacked");
        Assert.Equal(0, (await RunAsync("dpkg-deb", ["--extract", deb, unpacked])).Code);
        Assert.Equal(FileDigest.Sha256(CronLockBinary.Path), FileDigest.Sha256(Path.Combine(unpacked, "usr/bin/cronlock")));
        Assert.Equal(
            await File.ReadAllTextAsync(Repository.File("contrib/cronlock.bash-completion"), TestContext.Current.CancellationToken),
            await File.ReadAllTextAsync(Path.Combine(unpacked, "usr/share/bash-completion/completions/cronlock"), TestContext.Current.CancellationToken));
        var manPage = await RunAsync("gzip", ["--decompress", "--stdout", Path.Combine(unpacked, "usr/share/man/man1/cronlock.1.gz")]);
        Assert.Equal(await File.ReadAllTextAsync(Repository.File("docs/man/cronlock.1"), TestContext.Current.CancellationToken), manPage.Output);
    }

    [Fact]
    public async Task Deb_InstalledWithDpkg_RunsAsCronlockAndGolock_AndRemovesCleanly()
    {
        Assert.SkipUnless(IsOnPath("dpkg") && IsOnPath("dpkg-deb"), "dpkg is not installed: not a Debian-like system");
        string[] sudo = [];
        if (!Environment.IsPrivilegedProcess)
        {
            var viaSudo = await PasswordlessSudoAsync();
            Assert.SkipWhen(viaSudo is null, "installing a package needs root or sudo without a password (sudo -n)");
            sudo = viaSudo!;
        }

        Assert.SkipWhen(await IsInstalledAsync(), $"a {PackageName} package is installed here already; this test would replace and remove it");
        var foreign = InstalledPaths.Where(PathExists).ToList();
        Assert.SkipWhen(foreign.Count > 0, $"{string.Join(", ", foreign)} exist(s) outside any cronlock package; dpkg -i would overwrite them");

        using var workspace = Workspace.Create();
        var deb = await BuildDebAsync(workspace.Directory);
        try
        {
            var install = await DpkgAsync(sudo, "--install", deb);
            Assert.True(install.Code == 0, $"dpkg --install {deb} exited {install.Code}:\n{install.Error}{install.Output}");

            var version = await RunAsync("/usr/bin/cronlock", ["--version"]);
            Assert.Equal(0, version.Code);
            Assert.Matches($@"^cronlock {Regex.Escape(Repository.Version())}( \(commit [0-9a-f]+\))?\n$", version.Output);

            var help = await RunAsync("/usr/bin/golock", ["--help"]);
            Assert.Equal(0, help.Code);
            Assert.Contains("--host", help.Output, StringComparison.Ordinal);
            Assert.Contains("CRONLOCK_HOST", help.Output, StringComparison.Ordinal);

            // The installed binary takes a real lock through its golock name and runs the job.
            var run = await RunAsync(
                "/usr/bin/golock", ["--key", TestNames.Key(), "--grace", "0", "sh", "-c", "echo ran"],
                new Dictionary<string, string>
                {
                    ["CRONLOCK_HOST"] = redis.Endpoint.Host,
                    ["CRONLOCK_PORT"] = redis.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            Assert.True(run.Code == 0, $"golock exited {run.Code}: {run.Error}");
            Assert.Equal("ran\n", run.Output);

            await AssertManPageInstalledAsync();
        }
        finally
        {
            if (await IsInstalledAsync())
            {
                var remove = await DpkgAsync(sudo, "--remove", PackageName);
                Assert.True(remove.Code == 0, $"dpkg --remove {PackageName} exited {remove.Code}:\n{remove.Error}{remove.Output}");
            }
        }

        Assert.False(await IsInstalledAsync(), $"{PackageName} is still installed after dpkg --remove");
        var left = InstalledPaths.Append("/usr/share/doc/cronlock").Where(PathExists).ToList();
        Assert.True(left.Count == 0, $"dpkg --remove left {string.Join(", ", left)} behind");
    }

    /// <summary>man finds the page, unless dpkg was told not to install man pages (minimal container images).</summary>
    private static async Task AssertManPageInstalledAsync()
    {
        const string page = "/usr/share/man/man1/cronlock.1.gz";
        if (DpkgExcludes(page))
        {
            return;
        }

        if (IsOnPath("man"))
        {
            var where = await RunAsync("man", ["-w", PackageName]);
            Assert.True(where.Code == 0, $"man -w {PackageName} exited {where.Code}: {where.Error}");
            Assert.Equal(page, where.Output.Trim());
        }
        else
        {
            Assert.True(File.Exists(page), $"{page} is not installed");
        }
    }

    private static async Task<string> BuildDebAsync(string directory)
    {
        var build = await RunAsync(
            "bash",
            [Repository.File("packaging/build-deb.sh"), "--binary", CronLockBinary.Path, "--rid", ReleaseTarget.Host.Rid, "--output", directory],
            timeout: BuildTimeout);
        Assert.True(build.Code == 0, $"packaging/build-deb.sh exited {build.Code}:\n{build.Error}");
        var deb = build.Output.TrimEnd('\n').Split('\n')[^1];
        Assert.True(File.Exists(deb), $"packaging/build-deb.sh printed '{deb}', which is not a file");
        return deb;
    }

    private static async Task<(int Code, string Output, string Error)> DpkgAsync(string[] sudo, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string[] command = [.. sudo, "dpkg", .. arguments];
            var result = await RunAsync(command[0], command[1..], timeout: DpkgTimeout);
            if (result.Code == 0 || !result.Error.Contains("lock", StringComparison.OrdinalIgnoreCase) || clock.Elapsed > DpkgLockPatience)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        }
    }

    private static async Task<bool> IsInstalledAsync()
    {
        var query = await RunAsync("dpkg-query", ["--show", "--showformat=${db:Status-Status}", PackageName]);
        return query.Code == 0 && query.Output is not ("not-installed" or "");
    }

    private static async Task<string[]?> PasswordlessSudoAsync() =>
        IsOnPath("sudo") && (await RunAsync("sudo", ["-n", "true"])).Code == 0 ? ["sudo", "-n"] : null;

    /// <summary>Whether a path-exclude in dpkg's configuration (and no later path-include) keeps dpkg from installing a file.</summary>
    private static bool DpkgExcludes(string path)
    {
        var files = new[] { "/etc/dpkg/dpkg.cfg" }
            .Concat(Directory.Exists("/etc/dpkg/dpkg.cfg.d") ? Directory.GetFiles("/etc/dpkg/dpkg.cfg.d").Order(StringComparer.Ordinal) : [])
            .Where(File.Exists);
        var excluded = false;
        foreach (var line in files.SelectMany(File.ReadLines).Select(l => l.Trim()))
        {
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["path-exclude" or "path-include", var pattern] && GlobRegex(pattern).IsMatch(path))
            {
                excluded = parts[0] == "path-exclude";
            }
        }

        return excluded;
    }

    private static Regex GlobRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$");

    private static async Task<(int Code, string Output, string Error)> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var startInfo = ToolProcess.StartInfo(program, arguments);
        CronLockProcess.RemoveInheritedSettings(startInfo.Environment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var result = await ToolProcess.RunAsync(startInfo, timeout ?? ToolProcess.DefaultTimeout, TestContext.Current.CancellationToken);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    private static bool PathExists(string path) =>
        File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;
}
