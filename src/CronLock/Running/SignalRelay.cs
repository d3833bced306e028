using System.Runtime.InteropServices;

namespace CronLock.Running;

/// <summary>
/// Catches the signals a supervisor or an operator sends to cronlock. Before the job starts they
/// stop the run (no job started, lock given back); once it runs they are passed on to the job's
/// process group, and cronlock waits for the job so its lock and exit code are handled as usual.
/// </summary>
internal sealed class SignalRelay : IDisposable
{
    // Linux numbers (x86-64 and arm64 agree); .NET accepts raw numbers cast to PosixSignal.
    private static readonly (PosixSignal Registration, int Number, string Name)[] Relayed =
    [
        (PosixSignal.SIGTERM, 15, "TERM"),
        (PosixSignal.SIGINT, 2, "INT"),
        (PosixSignal.SIGHUP, 1, "HUP"),
        (PosixSignal.SIGQUIT, 3, "QUIT"),
        ((PosixSignal)10, 10, "USR1"),
        ((PosixSignal)12, 12, "USR2"),
    ];

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private ChildProcess? _child;

    public SignalRelay()
    {
        foreach (var (registration, number, name) in Relayed)
        {
            _registrations.Add(PosixSignalRegistration.Create(registration, context =>
            {
                context.Cancel = true;
                OnSignal(number, name);
            }));
        }
    }

    /// <summary>Cancelled when a signal arrives before the job started.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The name of the first signal received before the job started, if any.</summary>
    public string? StoppedBy { get; private set; }

    /// <summary>The number of that signal.</summary>
    public int StoppedBySignal { get; private set; }

    /// <summary>
    /// Starts the job unless a signal already asked us to stop. The gate makes "check, then start"
    /// atomic with respect to the signal handler, so a signal is never lost between the two.
    /// </summary>
    public ChildProcess? StartUnlessStopping(Func<ChildProcess?> start)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return null;
            }

            _child = start();
            return _child;
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
    }

    private void OnSignal(int number, string name)
    {
        lock (_gate)
        {
            if (_child is { } child)
            {
                // A job sharing our group already got a terminal's INT/QUIT from the terminal itself.
                if (child.OwnGroup || (number != 2 && number != 3))
                {
                    child.Signal(number);
                }

                return;
            }

            if (StoppedBy is null)
            {
                StoppedBy = name;
                StoppedBySignal = number;
                _stopping.Cancel();
            }
        }
    }
}
