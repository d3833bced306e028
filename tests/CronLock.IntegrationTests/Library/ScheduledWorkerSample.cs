using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CronLock.IntegrationTests.Library;

/// <summary>
/// The built <c>samples/ScheduledWorker</c> (seed 003's service), run as separate processes with <c>dotnet</c>. The
/// test project builds it through a ProjectReference that does not copy it, so it is found under the sample's own
/// <c>bin/&lt;Configuration&gt;/net10.0/</c>, or next to the test output.
/// </summary>
internal static class ScheduledWorkerSample
{
    private const string Assembly = "ScheduledWorker.dll";

    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string AssemblyPath => Resolved.Value;

    public static Process Start(IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        return process;
    }

    private static string Resolve()
    {
        var configuration = typeof(ScheduledWorkerSample).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, Assembly) };
        if (RepositoryRoot() is { } root)
        {
            var bin = Path.Combine(root, "samples", "ScheduledWorker", "bin");
            candidates.Add(Path.Combine(bin, configuration, "net10.0", Assembly));
            if (Directory.Exists(bin))
            {
                candidates.AddRange(Directory.EnumerateFiles(bin, Assembly, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc));
            }
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"The ScheduledWorker sample is not built (looked at {string.Join(", ", candidates.Distinct())}). " +
                "Build it: `dotnet build samples/ScheduledWorker` in the repository root.");
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CronLock.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The dotnet host that runs this test: shared/Microsoft.NETCore.App/&lt;version&gt;/ sits three levels below it.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var besideRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(besideRuntime) ? besideRuntime : "dotnet";
    }
}
