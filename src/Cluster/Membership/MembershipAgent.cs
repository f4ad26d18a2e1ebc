using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Membership;

/// <summary>
/// Keeps this process a member of the cluster: registers (failing fast on a name conflict or an unreachable store),
/// heartbeats, fences itself when it could not heartbeat for its death window minus one interval (so its grains
/// stop before the cluster reassigns them), rejoins after being declared dead, campaigns for the placement
/// leadership and runs the placement director while leader. <see cref="StopAsync"/> drains gracefully;
/// <see cref="DisposeAsync"/> without stopping abandons membership like a crash would.
/// </summary>
public sealed class MembershipAgent : ISiloMembership, IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan FenceCheck = TimeSpan.FromMilliseconds(25);
    private readonly IClusterStore _store;
    private readonly MembershipOptions _options;
    private readonly PlacementOptions _placement;
    private readonly IPipelineCatalog _catalog;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Lock _gate = new();
    private readonly KeyValuePair<string, object?> _node;
    private MembershipState _state = MembershipState.Starting;
    private Guid _siloId;
    private long _lastBeatSent;
    private SiloLoadReport _load;
    private CancellationTokenSource? _loops;
    private Task[] _tasks = [];
    private ILeaderElection? _election;
    private Guid _electionSiloId;
    private ILeaderLease? _lease;
    private CancellationTokenSource? _directorStop;
    private Task? _director;
    private volatile bool _stopping;
    private int _heartbeatFailures;

    /// <summary>Creates the agent; nothing happens until <see cref="StartAsync"/>.</summary>
    public MembershipAgent(
        IClusterStore store,
        MembershipOptions options,
        PlacementOptions placement,
        IPipelineCatalog catalog,
        ILoggerFactory? loggerFactory = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _placement = placement ?? throw new ArgumentNullException(nameof(placement));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("PoseCluster.Cluster.Membership");
        _node = ClusterMetrics.Node(options.NodeName);
    }

    /// <inheritdoc />
    public event EventHandler<MembershipStateChangedEventArgs>? StateChanged;

    /// <summary>Raised when this silo gains or loses the placement leadership.</summary>
    public event EventHandler<LeadershipChangedEventArgs>? LeadershipChanged;

    /// <summary>Raised (on the director's task) after this silo, as leader, wrote a placement plan.</summary>
    public event EventHandler<PlacementAppliedEventArgs>? PlacementApplied;

    /// <inheritdoc />
    public Guid SiloId
    {
        get
        {
            lock (_gate)
            {
                return _siloId;
            }
        }
    }

    /// <inheritdoc />
    public string NodeName => _options.NodeName;

    /// <inheritdoc />
    public MembershipState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether this silo currently leads placement.</summary>
    public bool IsLeader => Volatile.Read(ref _lease)?.IsHeld == true;

    /// <summary>The held leadership term, or 0.</summary>
    public long LeaderTerm => Volatile.Read(ref _lease) is { IsHeld: true } lease ? lease.Term : 0;

    /// <inheritdoc />
    public void ReportLoad(SiloLoadReport load)
    {
        lock (_gate)
        {
            _load = load;
        }
    }

    /// <summary>
    /// Registers and starts heartbeating and campaigning. Throws <see cref="ClusterException"/> with one clear
    /// message when the name is taken by a live silo or the store cannot be reached.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _options.Validate();
        _placement.Validate();
        if (_loops is not null)
        {
            throw new InvalidOperationException("The membership agent was already started.");
        }

        var silo = await _store.RegisterSiloAsync(_options.ToRegistration(), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _siloId = silo.Id;
            _lastBeatSent = Stopwatch.GetTimestamp();
        }

        _logger.LogInformation(
            "Silo {Node} joined the cluster as {SiloId} ({Class}/{Device}, capacity {Capacity}, {Store})",
            _options.NodeName, silo.Id, WireNames.Of(silo.Class), WireNames.Of(silo.Device), silo.Capacity, _store.Location);
        SetState(MembershipState.Active, "joined");
        _loops = new CancellationTokenSource();
        var token = _loops.Token;
        _tasks =
        [
            Task.Run(() => HeartbeatLoopAsync(token), CancellationToken.None),
            Task.Run(() => FenceWatchdogAsync(token), CancellationToken.None),
            Task.Run(() => LeadershipLoopAsync(token), CancellationToken.None),
        ];
    }

    /// <summary>
    /// Leaves gracefully: status <c>leaving</c>, waits (at most <see cref="MembershipOptions.DrainTimeout"/>) until the
    /// director has moved this silo's grains, gives up leadership, then status <c>left</c>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loops is null || _stopping)
        {
            return;
        }

        _stopping = true;
        var id = SiloId;
        if (State is MembershipState.Active or MembershipState.Leaving)
        {
            try
            {
                await _store.SetSiloStatusAsync(id, SiloStatus.Leaving, cancellationToken).ConfigureAwait(false);
                SetState(MembershipState.Leaving, "draining");
                await WaitForDrainAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Drain of silo {Node} incomplete: {Error}", _options.NodeName, e.Message);
            }
        }

        await StopLoopsAsync().ConfigureAwait(false);
        try
        {
            await _store.SetSiloStatusAsync(id, SiloStatus.Left, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("Could not record that silo {Node} left: {Error}", _options.NodeName, e.Message);
        }

        SetState(MembershipState.Left, "left the cluster");
        _logger.LogInformation("Silo {Node} ({SiloId}) left the cluster", _options.NodeName, id);
    }

    /// <summary>Stops without leaving (as a crash would): the cluster declares this silo dead after its death window.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_loops is null)
        {
            return;
        }

        _stopping = true;
        await StopLoopsAsync().ConfigureAwait(false);
        if (State != MembershipState.Left)
        {
            SetState(MembershipState.Abandoned, "stopped without leaving");
        }

        _loops.Dispose();
    }

    private async Task StopLoopsAsync()
    {
        if (_loops is null || _loops.IsCancellationRequested)
        {
            return;
        }

        await _loops.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_tasks).ConfigureAwait(false);
        await ReleaseLeadershipAsync("stopping").ConfigureAwait(false);
        if (_election is not null)
        {
            await _election.DisposeAsync().ConfigureAwait(false);
            _election = null;
        }
    }

    private async Task WaitForDrainAsync(Guid id, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = (await _store.ListAssignmentsAsync(id, cancellationToken).ConfigureAwait(false)).Count(a => a.SiloId == id);
            if (left == 0)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                _logger.LogWarning("Silo {Node} still had {Count} grains after the {Timeout} s drain timeout; leaving anyway", _options.NodeName, left, _options.DrainTimeout.TotalSeconds);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var sentAt = Stopwatch.GetTimestamp();
            try
            {
                SiloLoadReport load;
                Guid id;
                lock (_gate)
                {
                    load = _load;
                    id = _siloId;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.DeathWindow);
                var result = await _store.HeartbeatAsync(id, load, timeout.Token).ConfigureAwait(false);
                if (result.IsMember)
                {
                    OnHeartbeat(sentAt, result.Status);
                }
                else
                {
                    await OnExpelledAsync(id, result.Status, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                ClusterMetrics.HeartbeatFailures.Add(1, _node);
                if (Interlocked.Increment(ref _heartbeatFailures) == 1)
                {
                    _logger.LogWarning("Heartbeat of silo {Node} failed: {Error}", _options.NodeName, e.Message);
                }
            }

            var next = Stopwatch.GetElapsedTime(sentAt);
            var wait = _options.HeartbeatInterval - next;
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void OnHeartbeat(long sentAt, SiloStatus status)
    {
        bool restored;
        lock (_gate)
        {
            _lastBeatSent = Math.Max(_lastBeatSent, sentAt);
            restored = _state == MembershipState.Fenced;
        }

        if (Interlocked.Exchange(ref _heartbeatFailures, 0) > 0)
        {
            _logger.LogInformation("Heartbeats of silo {Node} restored", _options.NodeName);
        }

        if (restored)
        {
            // Still a member: no one else was given our grains, so they may run again with their epochs.
            SetState(status == SiloStatus.Leaving ? MembershipState.Leaving : MembershipState.Active, "heartbeats restored");
        }
    }

    private async Task OnExpelledAsync(Guid id, SiloStatus status, CancellationToken cancellationToken)
    {
        Fence($"the cluster declared this silo {WireNames.Of(status)}");
        if (status != SiloStatus.Dead || !_options.RejoinAfterDeath || _stopping)
        {
            return;
        }

        var silo = await _store.RegisterSiloAsync(_options.ToRegistration(), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_siloId != id)
            {
                return;
            }

            _siloId = silo.Id;
            _lastBeatSent = Stopwatch.GetTimestamp();
        }

        _logger.LogWarning("Silo {Node} was declared dead and rejoined as {SiloId}", _options.NodeName, silo.Id);
        SetState(MembershipState.Active, "rejoined as a new incarnation");
    }

    private async Task FenceWatchdogAsync(CancellationToken cancellationToken)
    {
        var limit = _options.SelfFenceAfter;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FenceCheck, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            long last;
            MembershipState state;
            lock (_gate)
            {
                last = _lastBeatSent;
                state = _state;
            }

            if (state is MembershipState.Active or MembershipState.Leaving && Stopwatch.GetElapsedTime(last) >= limit)
            {
                Fence($"no successful heartbeat for {Stopwatch.GetElapsedTime(last).TotalSeconds:0.0} s");
            }
        }
    }

    private void Fence(string reason)
    {
        lock (_gate)
        {
            if (_state is not (MembershipState.Active or MembershipState.Leaving))
            {
                return;
            }
        }

        ClusterMetrics.SelfFences.Add(1, _node);
        _logger.LogWarning("Silo {Node} fenced itself, stopping its grains: {Reason}", _options.NodeName, reason);
        SetState(MembershipState.Fenced, reason);
        try
        {
            // A fenced silo must not direct placement; the leadership loop then gives the lease back.
            Volatile.Read(ref _directorStop)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The director already stopped.
        }
    }

    private async Task LeadershipLoopAsync(CancellationToken cancellationToken)
    {
        if (!_options.CanLead)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = CancellationToken.None;
            try
            {
                var state = State;
                var id = SiloId;
                if (_lease is not null && (!_lease.IsHeld || _director is { IsCompleted: true } || state is not (MembershipState.Active or MembershipState.Leaving)))
                {
                    await ReleaseLeadershipAsync(state is MembershipState.Active or MembershipState.Leaving ? "lease lost" : "fenced").ConfigureAwait(false);
                }

                if (_lease is null && state == MembershipState.Active && !_stopping)
                {
                    if (_election is null || _electionSiloId != id)
                    {
                        if (_election is not null)
                        {
                            await _election.DisposeAsync().ConfigureAwait(false);
                        }

                        _election = _store.CreateLeaderElection(id);
                        _electionSiloId = id;
                    }

                    var lease = await _election.TryAcquireAsync(cancellationToken).ConfigureAwait(false);
                    if (lease is not null)
                    {
                        StartDirecting(lease);
                    }
                }

                wake = _lease?.Lost ?? CancellationToken.None;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogDebug("Leadership campaign of {Node} failed: {Error}", _options.NodeName, e.Message);
            }

            try
            {
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wake);
                await Task.Delay(_placement.TickInterval, delay.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The lease was lost: re-evaluate at once.
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void StartDirecting(ILeaderLease lease)
    {
        var director = new PlacementDirector(
            _store,
            _catalog,
            _placement,
            _loggerFactory.CreateLogger("PoseCluster.Cluster.Placement"),
            _options.NodeName,
            e => PlacementApplied?.Invoke(this, e));
        var stop = new CancellationTokenSource();
        Volatile.Write(ref _directorStop, stop);
        Volatile.Write(ref _lease, lease);
        _director = Task.Run(() => director.RunAsync(lease, stop.Token));
        _logger.LogInformation("Silo {Node} is now the placement leader (term {Term})", _options.NodeName, lease.Term);
        LeadershipChanged?.Invoke(this, new LeadershipChangedEventArgs(true, lease.Term, "acquired"));
    }

    private async Task ReleaseLeadershipAsync(string reason)
    {
        var lease = _lease;
        if (lease is null)
        {
            return;
        }

        if (_directorStop is not null)
        {
            await _directorStop.CancelAsync().ConfigureAwait(false);
        }

        if (_director is not null)
        {
            try
            {
                await _director.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning("Placement director ended with an error: {Error}", e.Message);
            }
        }

        await lease.DisposeAsync().ConfigureAwait(false);
        Volatile.Write(ref _lease, null);
        _director = null;
        var stop = Interlocked.Exchange(ref _directorStop, null);
        stop?.Dispose();
        _logger.LogInformation("Silo {Node} is no longer the placement leader (term {Term}): {Reason}", _options.NodeName, lease.Term, reason);
        LeadershipChanged?.Invoke(this, new LeadershipChangedEventArgs(false, lease.Term, reason));
    }

    private void SetState(MembershipState state, string reason)
    {
        MembershipState previous;
        Guid id;
        lock (_gate)
        {
            previous = _state;
            if (previous == state)
            {
                return;
            }

            _state = state;
            id = _siloId;
        }

        StateChanged?.Invoke(this, new MembershipStateChangedEventArgs(previous, state, id, reason));
    }
}
