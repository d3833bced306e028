namespace CronLock.Running;

/// <summary>
/// The job's stdout and stderr through pipes of cronlock's, for the sinks that need them: streamed
/// through to cronlock's own as they come, or (quiet mode) spooled and shown only if the run fails;
/// either way the last bytes kept for the run record. Made only when a sink needs the output; a
/// run without one leaves the job cronlock's descriptors, as golock does.
/// </summary>
/// <param name="targets">Where the job's stdout and stderr belong: cronlock's 1 and 2 (other descriptors in tests).</param>
internal sealed class OutputCapture(bool quiet, string? temporaryDirectory, (int Stdout, int Stderr)? targets = null) : IDisposable
{
    private readonly OutputTail _tail = new(OutputTail.DefaultCapacity);
    private readonly List<CapturedStream> _streams = [];
    private Task _pump = Task.CompletedTask;
    private bool _started;

    /// <summary>What went wrong with the capture (no pipe, no spool file, a full disk); null when nothing did.</summary>
    public string? Problem { get; private set; }

    /// <summary>The last bytes of the job's output (stdout and stderr as read); null when no job ran captured.</summary>
    public byte[]? Tail => _started ? _tail.ToArray() : null;

    /// <summary>
    /// Makes the pipes, right before the job starts. A stream cronlock does not have open for the
    /// job to inherit (<c>cronlock … &gt;&amp;-</c>) is left alone: the job gets it as it would without capture.
    /// </summary>
    /// <returns>The descriptors to make the job's stdout and stderr (-1: inherit).</returns>
    public (int Stdout, int Stderr) Open() => (OpenStream(targets?.Stdout ?? 1), OpenStream(targets?.Stderr ?? 2));

    private int OpenStream(int target)
    {
        if (!Descriptors.IsInherited(target))
        {
            return -1;
        }

        SpoolFile? spool = null;
        if (quiet)
        {
            // Without a spool the output is streamed: shown when it should not be rather than lost.
            spool = SpoolFile.Create(temporaryDirectory, out var problem);
            Problem ??= problem is null ? null : problem + "; showing the job's output as it comes";
        }

        if (Descriptors.Pipe(out var errno) is not { } pipe)
        {
            spool?.Dispose();
            Problem ??= $"cannot capture the job's output: pipe: {Posix.ErrorText(errno)}";
            return -1;
        }

        _streams.Add(new CapturedStream(target, pipe.Read, pipe.Write, spool));
        return pipe.Write;
    }

    /// <summary>
    /// Right after the start: hands the write ends over to the job and reads until the job is
    /// reaped and its output drained (<see cref="OutputPump"/>). Null: no job started.
    /// </summary>
    public void Started(Task<int>? exit)
    {
        foreach (var stream in _streams)
        {
            stream.CloseWriteEnd();
            if (exit is null)
            {
                stream.CloseReadEnd();
            }
        }

        if (exit is not null)
        {
            _started = true;
            _pump = Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        new OutputPump(_streams, _tail, problem => Problem ??= problem).Run(exit);
                    }
                    catch (Exception e)
                    {
                        // Fail-open: the job's run, its lock and its exit code never depend on its output being read.
                        Problem ??= $"cannot read the job's output: {e.Message.Split('\n', 2)[0]}";
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }
    }

    /// <summary>Done once everything the job wrote before its end has been read.</summary>
    public Task CompletedAsync() => _pump;

    /// <summary>Quiet mode, the run failed: stdout's bytes to stdout, then stderr's to stderr.</summary>
    public void Replay()
    {
        foreach (var stream in _streams)
        {
            stream.Spool?.CopyTo(stream.Target);
        }
    }

    public void Dispose()
    {
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }
    }
}
