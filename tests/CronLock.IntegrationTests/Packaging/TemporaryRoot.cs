namespace CronLock.IntegrationTests.Packaging;

/// <summary>
/// An empty system for dpkg to install into (<c>dpkg --root</c>, with its own database under var/lib/dpkg): the
/// package goes through dpkg's real install and remove, and the machine running the tests is left as it was. Works
/// without root (--force-not-root); dependencies are not there, hence --force-depends on install.
/// </summary>
internal sealed class TemporaryRoot
{
    private const string Database = "var/lib/dpkg";

    private TemporaryRoot(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public static TemporaryRoot Create(string directory)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(directory, Database, "updates"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, Database, "info"));
        File.WriteAllText(Path.Combine(directory, Database, "status"), "");
        return new TemporaryRoot(directory);
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public Task<(int Code, string Output, string Error)> DpkgAsync(TimeSpan timeout, params string[] arguments) =>
        DebTools.RunAsync(
            "dpkg",
            [$"--root={Directory}", "--force-not-root", "--force-script-chrootless", "--log=/dev/null", .. arguments],
            new Dictionary<string, string> { ["PATH"] = DebTools.SearchPath },
            timeout);

    /// <summary>Whatever is in the root besides dpkg's own database: files, links and directories.</summary>
    public IReadOnlyList<string> FilesOutsideDpkgsOwn() =>
        System.IO.Directory.EnumerateFileSystemEntries(Directory, "*", SearchOption.AllDirectories)
            .Select(path => "/" + Path.GetRelativePath(Directory, path))
            .Where(path => path != "/var" && path != "/var/lib" && !path.StartsWith("/" + Database, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
