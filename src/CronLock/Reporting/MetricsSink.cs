using System.Text;
using Serilog;

namespace CronLock.Reporting;

/// <summary>
/// CRONLOCK_METRICS_DIR: after each run, this job's .prom file for node_exporter's textfile
/// collector. Written whole to a temporary file in the same directory and renamed into place, so a
/// scrape never reads half a file; the rename replaces a symlink planted at the name, never its target.
/// Two runs of one job on this host at once (one runs, one finds it held) take turns on a lock
/// file beside it, so neither loses the other's count.
/// </summary>
internal sealed class MetricsSink(string directory, string fileName, ILogger log, Func<string, string?> readPrevious) : IRunSink
{
    /// <summary>How long a run waits for another run of the same job to finish writing the file.</summary>
    private static readonly TimeSpan TurnBudget = TimeSpan.FromSeconds(2);

    public void LockTaken(RunStart start)
    {
    }

    public async Task FinishedAsync(RunRecord record)
    {
        var path = Path.Combine(directory, fileName);
        try
        {
            using var turn = await TakeTurnAsync(Path.Combine(directory, $".{fileName}.lock"));
            var previous = readPrevious(path) is { } text ? MetricsText.ParseSamples(text) : [];
            var temporary = Path.Combine(directory, $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            try
            {
                // CreateNew: O_EXCL, so nothing planted at the temporary name is followed or reused.
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    await file.WriteAsync(Encoding.UTF8.GetBytes(MetricsText.Render(record, previous)));
                }

                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            log.Warning("metrics not written to {Path}: {Error}", path, e.Message.Split('\n', 2)[0].TrimEnd());
        }
    }

    /// <summary>An exclusive flock on the lock file (.NET takes one for FileShare.None), tried until the budget runs out.</summary>
    private static async Task<FileStream> TakeTurnAsync(string lockPath)
    {
        var deadline = DateTime.UtcNow + TurnBudget;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"another run of this job held {lockPath} for {TurnBudget.TotalSeconds:0}s ({e.Message.Split('\n', 2)[0].TrimEnd()})");
            }
        }
    }
}
