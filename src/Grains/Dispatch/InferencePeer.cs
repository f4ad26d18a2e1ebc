using System.Diagnostics;

namespace PoseCluster.Grains.Dispatch;

/// <summary>
/// A peer silo that can run inference for this node: its address and models, the requests this node has in flight
/// to it, and its passive health (consecutive failures, ejection). Thread-safe.
/// </summary>
public sealed class InferencePeer
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private int _consecutiveFailures;
    private long _ejectedUntil;
    private int _ejections;

    internal InferencePeer(Guid siloId, string node, string address, IReadOnlySet<string> models)
    {
        SiloId = siloId;
        Node = node;
        Address = address;
        Models = models;
    }

    /// <summary>The peer's silo incarnation.</summary>
    public Guid SiloId { get; }

    /// <summary>The peer's node name.</summary>
    public string Node { get; }

    /// <summary>Its data-plane address.</summary>
    public string Address { get; }

    /// <summary>The models it serves.</summary>
    public IReadOnlySet<string> Models { get; }

    /// <summary>Requests this node has in flight to it.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Times it was ejected.</summary>
    public int Ejections => Volatile.Read(ref _ejections);

    /// <summary>Whether it is ejected now (failing; not chosen until the ejection ends).</summary>
    public bool IsEjected => Stopwatch.GetTimestamp() < Volatile.Read(ref _ejectedUntil);

    /// <inheritdoc />
    public override string ToString() => $"{Node} ({Address})";

    /// <summary>Takes an in-flight slot unless <paramref name="max"/> are taken.</summary>
    internal bool TryAcquire(int max)
    {
        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Returns an in-flight slot.</summary>
    internal void Release() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A request succeeded: the failure count restarts.</summary>
    internal void ReportSuccess()
    {
        lock (_gate)
        {
            _consecutiveFailures = 0;
        }
    }

    /// <summary>
    /// A request failed (transport error, timeout, server error). Returns true when this failure ejects the peer:
    /// after <see cref="RemoteDispatchOptions.EjectAfterFailures"/> in a row; a peer back from ejection is ejected
    /// again by its next failure, for twice as long (at most <see cref="RemoteDispatchOptions.MaxEjectionDuration"/>).
    /// </summary>
    internal bool ReportFailure(RemoteDispatchOptions options)
    {
        lock (_gate)
        {
            if (IsEjected)
            {
                return false;
            }

            _consecutiveFailures++;
            if (_consecutiveFailures < options.EjectAfterFailures)
            {
                return false;
            }

            var duration = TimeSpan.FromTicks(Math.Min(
                options.MaxEjectionDuration.Ticks,
                options.EjectionDuration.Ticks * (1L << Math.Min(_ejections, 10))));
            Volatile.Write(ref _ejectedUntil, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
            _ejections++;
            // Back from ejection, one more failure ejects it again (half-open).
            _consecutiveFailures = options.EjectAfterFailures - 1;
            return true;
        }
    }
}
