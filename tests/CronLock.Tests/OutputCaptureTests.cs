using System.Diagnostics;
using System.Text;
using CronLock.Running;
using Microsoft.Win32.SafeHandles;

namespace CronLock.Tests;

/// <summary>
/// The job's output through cronlock's pipes, with real processes: streamed as it comes (not at the end), byte for
/// byte, or held back until <see cref="OutputCapture.Replay"/>; the tail kept either way; and a background process
/// holding the pipes open does not hold up the run's end. Targets are pipes of the test's instead of its stdout.
/// </summary>
public sealed class OutputCaptureTests
{
    private static readonly StopRules NoTimeout = new(TimeoutSeconds: 0, TimeoutSignal: Posix.SigTerm, KillAfterSeconds: 10, StopOnLockLoss: true);

    [Fact]
    public async Task Streamed_LineBeforeASleep_ArrivesBeforeTheJobEnds()
    {
        using var stdout = new TestPipe();
        using var stderr = new TestPipe();
        using var capture = new OutputCapture(quiet: false, Path.GetTempPath(), (stdout.WriteEnd, stderr.WriteEnd));

        var run = RunAsync(capture, "printf 'first\\n'; sleep 3; printf 'second\\n'");
        var firstLine = await stdout.ReadAtLeastAsync(6, TimeSpan.FromSeconds(2.5));

        Assert.Equal("first\n", Encoding.UTF8.GetString(firstLine));
        Assert.False(run.IsCompleted, "The line came only once the job had ended.");
        Assert.IsType<ChildOutcome.Exited>(await run);
        Assert.Equal("first\nsecond\n", Encoding.UTF8.GetString(capture.Tail!));
    }

    [Fact]
    public async Task Streamed_OneMegabyteOfEveryByteValue_ComesThroughIntactAndTheTailIsItsEnd()
    {
        var data = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7 + i / 256)).ToArray();
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, data, TestContext.Current.CancellationToken);
        try
        {
            using var stdout = new TestPipe();
            using var stderr = new TestPipe();
            using var capture = new OutputCapture(quiet: false, Path.GetTempPath(), (stdout.WriteEnd, stderr.WriteEnd));

            Assert.IsType<ChildOutcome.Exited>(await RunAsync(capture, "cat \"$1\"", file));
            stdout.CloseWriteEnd();

            var received = await stdout.ReadAllAsync();
            Assert.True(data.AsSpan().SequenceEqual(received), "The bytes streamed through differ from the job's.");
            Assert.Equal(data[^OutputTail.DefaultCapacity..], capture.Tail);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Quiet_HoldsBothStreamsBackUntilReplayThenWritesEachToItsOwnTarget()
    {
        using var stdout = new TestPipe();
        using var stderr = new TestPipe();
        using var capture = new OutputCapture(quiet: true, Path.GetTempPath(), (stdout.WriteEnd, stderr.WriteEnd));

        await RunAsync(capture, "printf 'o1\\n'; printf 'e1\\n' >&2; printf 'o2'; exit 3");

        Assert.Null(capture.Problem);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.True(stdout.ReceivedSoFar().Length == 0 && stderr.ReceivedSoFar().Length == 0, "Quiet mode wrote before the replay.");
        var tail = Encoding.UTF8.GetString(capture.Tail!);
        Assert.True(tail.Length == 8 && tail.Contains("o1\n", StringComparison.Ordinal) && tail.Contains("e1\n", StringComparison.Ordinal), tail);

        capture.Replay();
        stdout.CloseWriteEnd();
        stderr.CloseWriteEnd();

        Assert.Equal("o1\no2", Encoding.UTF8.GetString(await stdout.ReadAllAsync()));
        Assert.Equal("e1\n", Encoding.UTF8.GetString(await stderr.ReadAllAsync()));
    }

    [Fact]
    public async Task Captured_BackgroundProcessHoldsThePipeOpen_TheRunEndsSoonAfterTheJob()
    {
        using var stdout = new TestPipe();
        using var stderr = new TestPipe();
        using var capture = new OutputCapture(quiet: true, Path.GetTempPath(), (stdout.WriteEnd, stderr.WriteEnd));
        var pidFile = Path.GetTempFileName();
        try
        {
            var clock = Stopwatch.StartNew();
            await RunAsync(capture, "echo done; sleep 30 & echo $! > \"$1\"", pidFile);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"The run took {clock.Elapsed.TotalSeconds:0.0} s.");
            Assert.Equal("done\n", Encoding.UTF8.GetString(capture.Tail!));
        }
        finally
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                Posix.kill(pid, Posix.SigKill);
            }

            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task Streamed_CronlocksStdoutReaderGone_TheJobGetsSigpipeAsItWouldWritingThereItself()
    {
        // As a reader that quit (cronlock … | head -1): writing to the pipe fails with EPIPE.
        var (read, write) = Descriptors.Pipe(out _)!.Value;
        Descriptors.Close(ref read);
        Posix.fcntl(write, TestPipe.FSetfd, 0);
        using var stderr = new TestPipe();
        try
        {
            using var capture = new OutputCapture(quiet: false, Path.GetTempPath(), (write, stderr.WriteEnd));

            var outcome = await RunAsync(capture, "exec yes").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

            Assert.Equal(13, Assert.IsType<ChildOutcome.Signaled>(outcome).Signal);
        }
        finally
        {
            Descriptors.Close(ref write);
        }
    }

    private static async Task<ChildOutcome?> RunAsync(OutputCapture capture, string script, params string[] arguments)
    {
        using var signals = new SignalRelay();
        var command = new[] { "sh", "-c", script, "job" }.Concat(arguments).Select(Encoding.UTF8.GetBytes).ToList();
        return await new ChildRunner(Serilog.Core.Logger.None, TimeProvider.System)
            .RunAsync(command, "sh -c job", new Dictionary<string, string?>(), NoTimeout, signals, TestContext.Current.CancellationToken, capture);
    }

    /// <summary>
    /// A pipe standing in for cronlock's stdout or stderr, its write end inheritable as theirs are, read from the
    /// start on a thread of its own.
    /// </summary>
    private sealed class TestPipe : IDisposable
    {
        public const int FSetfd = 2;
        private readonly FileStream _reader;
        private readonly List<byte> _received = [];
        private readonly Task _reading;
        private int _write;

        public TestPipe()
        {
            var (read, write) = Descriptors.Pipe(out _)!.Value;
            Posix.fcntl(write, FSetfd, 0);
            _write = write;
            _reader = new FileStream(new SafeFileHandle(read, ownsHandle: true), FileAccess.Read, 1);
            _reading = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
        }

        public int WriteEnd => _write;

        public void CloseWriteEnd() => Descriptors.Close(ref _write);

        public byte[] ReceivedSoFar()
        {
            lock (_received)
            {
                return [.. _received];
            }
        }

        /// <summary>What has come once at least <paramref name="count"/> bytes have; fails after <paramref name="timeout"/>.</summary>
        public async Task<byte[]> ReadAtLeastAsync(int count, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (ReceivedSoFar().Length < count)
            {
                Assert.True(clock.Elapsed < timeout, $"Only {ReceivedSoFar().Length} of {count} bytes came within {timeout.TotalSeconds} s.");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            return ReceivedSoFar();
        }

        /// <summary>Everything, once every write end is closed.</summary>
        public async Task<byte[]> ReadAllAsync()
        {
            await _reading.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            return ReceivedSoFar();
        }

        private void Read()
        {
            var buffer = new byte[65536];
            int got;
            while ((got = _reader.Read(buffer)) > 0)
            {
                lock (_received)
                {
                    _received.AddRange(buffer.AsSpan(0, got));
                }
            }
        }

        public void Dispose()
        {
            CloseWriteEnd();
            _reading.Wait(TimeSpan.FromSeconds(5));
            _reader.Dispose();
        }
    }
}
