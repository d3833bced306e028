namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A private temporary directory per test, named after it. Its paths appear in job arguments, which also makes
/// every md5-derived lock key unique to the test.
/// </summary>
internal sealed class Workspace : IDisposable
{
    private Workspace(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public static Workspace Create() =>
        new(System.IO.Directory.CreateTempSubdirectory($"cronlock-it-{TestNames.Current}-").FullName);

    public string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Lines a job appended to a file, or none when the job never ran.</summary>
    public string[] LinesOf(string name) => File.Exists(PathOf(name)) ? File.ReadAllLines(PathOf(name)) : [];

    /// <summary>Writes a shell script; <paramref name="executable"/> false makes a file exec refuses (EACCES).</summary>
    public string WriteScript(string name, string body, bool executable = true)
    {
        var path = PathOf(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, executable
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
