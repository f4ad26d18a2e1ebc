using System.Runtime.InteropServices;

namespace PoseCluster.AppHost.Local;

/// <summary>
/// Ctrl+C (SIGINT), SIGTERM and SIGHUP (the terminal closed) as cancellation: the first asks for a clean stop
/// (<see cref="Stop"/>), a second one for haste (<see cref="Hurry"/>: no more graceful waiting). The default action
/// (immediate exit) is suppressed, so the launcher always gets to stop its processes.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _hurry = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _count;

    /// <summary>Starts listening for the signals.</summary>
    public TerminationSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>Cancelled by the second signal.</summary>
    public CancellationToken Hurry => _hurry.Token;

    /// <summary>The signal that asked for the stop, once one did.</summary>
    public PosixSignal? Received { get; private set; }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
        _hurry.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _count) == 1)
        {
            Received = context.Signal;
            try
            {
                Console.Error.WriteLine(context.Signal == PosixSignal.SIGINT
                    ? "posecluster: stopping (Ctrl+C again to stop without waiting)..."
                    : $"posecluster: {context.Signal} received, stopping...");
            }
            catch (IOException)
            {
                // The terminal is gone (SIGHUP): stop all the same.
            }

            _stop.Cancel();
        }
        else
        {
            _hurry.Cancel();
        }
    }
}
