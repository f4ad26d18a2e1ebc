using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Grains;

/// <summary>
/// Runs the grains assigned to this silo. It re-reads this silo's assignments on every assignment notification,
/// after every feed resync and every <see cref="GrainHostOptions.ResyncInterval"/>, then activates new grains and
/// deactivates those moved away or re-epoched. The epoch token of every grain fires synchronously the moment the
/// silo fences itself, and as soon as a re-read shows the epoch is gone.
/// </summary>
public sealed class SiloGrainHost : IHostedService, IAsyncDisposable
{
    private readonly IClusterStore _store;
    private readonly ISiloMembership _membership;
    private readonly Dictionary<string, IGrainFactory> _factories;
    private readonly GrainHostOptions _options;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _node;
    private readonly Lock _gate = new();
    private readonly Dictionary<GrainId, GrainSlot> _slots = [];
    private readonly Dictionary<GrainId, long> _retryAfter = [];
    private readonly HashSet<string> _unknownTypes = new(StringComparer.Ordinal);
    private readonly ChangeTriggeredRefresh _follow;
    private CancellationTokenSource? _stop;
    private Task[] _tasks = [];
    private long _activations;
    private long _deactivations;
    private long _epochLosses;
    private long _activationFailures;

    /// <summary>Creates the host with one factory per grain type it runs.</summary>
    public SiloGrainHost(
        IClusterStore store,
        ISiloMembership membership,
        IEnumerable<IGrainFactory> factories,
        GrainHostOptions? options = null,
        ILoggerFactory? loggerFactory = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _membership = membership ?? throw new ArgumentNullException(nameof(membership));
        _factories = (factories ?? throw new ArgumentNullException(nameof(factories))).ToDictionary(f => f.GrainType, StringComparer.Ordinal);
        _options = options ?? new GrainHostOptions();
        _options.Validate();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("PoseCluster.Cluster.Grains");
        _node = ClusterMetrics.Node(membership.NodeName);
        _follow = new ChangeTriggeredRefresh(
            "silo's assignments", c => c.Kind is ClusterChangeKind.Assignments or ClusterChangeKind.Resync, _options.ResyncInterval, ReconcileAsync, _logger,
            failureLevel: LogLevel.Warning);
    }

    /// <summary>Raised after a grain activated.</summary>
    public event EventHandler<GrainLifecycleEventArgs>? GrainActivated;

    /// <summary>Raised after a grain deactivated.</summary>
    public event EventHandler<GrainLifecycleEventArgs>? GrainDeactivated;

    /// <summary>The activations running now.</summary>
    public IReadOnlyList<GrainActivation> Activations
    {
        get
        {
            lock (_gate)
            {
                return _slots.Values.Select(s => s.Activation).Where(a => a.IsCurrent).ToList();
            }
        }
    }

    /// <summary>Counters since start.</summary>
    public GrainHostStatistics Statistics
    {
        get
        {
            int active;
            lock (_gate)
            {
                active = _slots.Count;
            }

            return new GrainHostStatistics(
                active, Interlocked.Read(ref _activations), Interlocked.Read(ref _deactivations), Interlocked.Read(ref _epochLosses), Interlocked.Read(ref _activationFailures));
        }
    }

    /// <summary>Starts following assignments.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stop is not null)
        {
            throw new InvalidOperationException("The grain host was already started.");
        }

        _stop = new CancellationTokenSource();
        _membership.StateChanged += OnMembershipChanged;
        var token = _stop.Token;
        _tasks = [_follow.RunAsync(_store, token)];
        _follow.Trigger();
        return Task.CompletedTask;
    }

    /// <summary>Stops following assignments and deactivates every grain.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null || _stop.IsCancellationRequested)
        {
            return;
        }

        _membership.StateChanged -= OnMembershipChanged;
        RevokeAll();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_tasks).ConfigureAwait(false);
        await DeactivateAllAsync(DeactivationReason.Shutdown).ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop?.Dispose();
    }

    private static bool MayRun(MembershipState state) => state is MembershipState.Active or MembershipState.Leaving;

    private void OnMembershipChanged(object? sender, MembershipStateChangedEventArgs e)
    {
        if (!MayRun(e.State))
        {
            // Fenced, left or abandoned: every epoch token fires now, before anything else happens.
            RevokeAll();
        }

        _follow.Trigger();
    }

    private void RevokeAll()
    {
        List<GrainSlot> slots;
        lock (_gate)
        {
            slots = [.. _slots.Values];
        }

        foreach (var slot in slots)
        {
            if (slot.Activation.IsCurrent)
            {
                slot.Activation.Revoke();
                Interlocked.Increment(ref _epochLosses);
                ClusterMetrics.EpochLosses.Add(1, _node);
            }
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var siloId = _membership.SiloId;
        var state = _membership.State;
        if (!MayRun(state))
        {
            await DeactivateAllAsync(state == MembershipState.Fenced ? DeactivationReason.Fenced : DeactivationReason.Shutdown).ConfigureAwait(false);
            return;
        }

        var assignments = await _store.ListAssignmentsAsync(siloId, cancellationToken).ConfigureAwait(false);
        if (!MayRun(_membership.State) || _membership.SiloId != siloId)
        {
            // Fenced or rejoined while reading: the next round handles it.
            _follow.Trigger();
            return;
        }

        var desired = assignments.Where(a => a.SiloId == siloId).ToDictionary(a => a.Grain, a => a.Epoch);
        var stops = new List<(GrainSlot Slot, DeactivationReason Reason)>();
        lock (_gate)
        {
            foreach (var slot in _slots.Values)
            {
                var a = slot.Activation;
                if (a.SiloId != siloId || !desired.TryGetValue(a.Id, out var epoch))
                {
                    stops.Add((slot, DeactivationReason.Reassigned));
                }
                else if (epoch != a.Epoch)
                {
                    stops.Add((slot, DeactivationReason.EpochChanged));
                }
            }
        }

        foreach (var (slot, _) in stops)
        {
            if (slot.Activation.IsCurrent)
            {
                slot.Activation.Revoke();
                Interlocked.Increment(ref _epochLosses);
                ClusterMetrics.EpochLosses.Add(1, _node);
            }
        }

        await Task.WhenAll(stops.Select(s => DeactivateAsync(s.Slot, s.Reason))).ConfigureAwait(false);

        var now = Stopwatch.GetTimestamp();
        var starts = new List<(GrainId Id, long Epoch, IGrainFactory Factory)>();
        lock (_gate)
        {
            foreach (var (id, epoch) in desired)
            {
                if (_slots.ContainsKey(id) || (_retryAfter.TryGetValue(id, out var after) && after > now))
                {
                    continue;
                }

                if (!_factories.TryGetValue(id.Type, out var factory))
                {
                    if (_unknownTypes.Add(id.Type))
                    {
                        _logger.LogWarning("No grain factory for type {Type}: its grains assigned here do not run", id.Type);
                    }

                    continue;
                }

                starts.Add((id, epoch, factory));
            }
        }

        await Task.WhenAll(starts.Select(s => ActivateAsync(s.Id, s.Epoch, siloId, s.Factory))).ConfigureAwait(false);
        int count;
        lock (_gate)
        {
            count = _slots.Count;
        }

        _membership.ReportLoad(new SiloLoadReport(count, 0));
    }

    private async Task ActivateAsync(GrainId id, long epoch, Guid siloId, IGrainFactory factory)
    {
        GrainSlot slot;
        try
        {
            slot = new GrainSlot(factory.Create(id), new GrainActivation(id, epoch, siloId, DateTimeOffset.UtcNow));
        }
        catch (Exception e)
        {
            ActivationFailed(id, e);
            return;
        }

        lock (_gate)
        {
            _slots[id] = slot;
            _retryAfter.Remove(id);
        }

        // A fence that happened between the read and now must not let this activation run.
        if (!MayRun(_membership.State) || _membership.SiloId != siloId)
        {
            slot.Activation.Revoke();
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(slot.Activation.EpochLost);
            timeout.CancelAfter(_options.ActivationTimeout);
            slot.Activation.EpochLost.ThrowIfCancellationRequested();
            await slot.Grain.ActivateAsync(slot.Activation, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!slot.Activation.IsCurrent)
            {
                await DeactivateAsync(slot, DeactivationReason.Fenced).ConfigureAwait(false);
                return;
            }

            ActivationFailed(id, e);
            slot.Activation.Revoke();
            await DeactivateAsync(slot, DeactivationReason.ActivationFailed).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _activations);
        ClusterMetrics.Activations.Add(1, _node);
        _logger.LogDebug("Activated {Activation}", slot.Activation);
        GrainActivated?.Invoke(this, new GrainLifecycleEventArgs(slot.Activation, null));
    }

    private void ActivationFailed(GrainId id, Exception e)
    {
        Interlocked.Increment(ref _activationFailures);
        ClusterMetrics.ActivationFailures.Add(1, _node);
        _logger.LogError("Activation of {Grain} failed, retrying in {Delay} s: {Error}", id, _options.ActivationRetryDelay.TotalSeconds, e.Message);
        lock (_gate)
        {
            _retryAfter[id] = Stopwatch.GetTimestamp() + (long)(_options.ActivationRetryDelay.TotalSeconds * Stopwatch.Frequency);
        }
    }

    private async Task DeactivateAllAsync(DeactivationReason reason)
    {
        List<GrainSlot> slots;
        lock (_gate)
        {
            slots = [.. _slots.Values];
        }

        foreach (var slot in slots)
        {
            slot.Activation.Revoke();
        }

        await Task.WhenAll(slots.Select(s => DeactivateAsync(s, reason))).ConfigureAwait(false);
    }

    private async Task DeactivateAsync(GrainSlot slot, DeactivationReason reason)
    {
        if (Interlocked.Exchange(ref slot.Deactivating, 1) != 0)
        {
            return;
        }

        slot.Activation.Revoke();
        try
        {
            using var timeout = new CancellationTokenSource(_options.DeactivationTimeout);
            await slot.Grain.DeactivateAsync(reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning("Deactivation of {Activation} failed: {Error}", slot.Activation, e.Message);
        }

        lock (_gate)
        {
            if (_slots.TryGetValue(slot.Activation.Id, out var current) && ReferenceEquals(current, slot))
            {
                _slots.Remove(slot.Activation.Id);
            }
        }

        Interlocked.Increment(ref _deactivations);
        ClusterMetrics.Deactivations.Add(1, _node);
        _logger.LogDebug("Deactivated {Activation} ({Reason})", slot.Activation, reason);
        GrainDeactivated?.Invoke(this, new GrainLifecycleEventArgs(slot.Activation, reason));
    }
}
