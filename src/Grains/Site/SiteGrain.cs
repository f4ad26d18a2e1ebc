using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Sites;
using PoseCluster.Grains.Streaming;

namespace PoseCluster.Grains.Site;

/// <summary>
/// The site grain: one activation per site, wherever placement put it. It accepts camera results only when their
/// (silo, epoch) is the camera grain's current assignment (read from the cluster view, re-read when a result claims a
/// newer epoch) and not older than one already accepted, so a deposed camera grain's late results are refused and
/// counted. Accepted tracked frames go through the site's <see cref="SiteAggregation"/> (ground-plane fusion, zones,
/// postures, events). Every snapshot interval it publishes the live floor plan on the node's stream and stores the
/// events raised (fenced by its own epoch, then handed to the webhook sink); every activity interval it writes the
/// history rows in one batch. Calibration, zone and camera changes are picked up from the store's change feed.
/// </summary>
internal sealed class SiteGrain : IGrain, ISiteGrain
{
    private readonly SiteGrainServices _s;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, SiteCameraState> _cameras = [];
    private readonly List<SiteEventRecord> _pending = [];
    private readonly CancellationTokenSource _stop = new();
    private SiteAggregation? _aggregation;
    private GrainActivation? _activation;
    private Task _loop = Task.CompletedTask;
    private Task _watch = Task.CompletedTask;
    private long _accepted;
    private long _refused;
    private long _eventsStored;

    public SiteGrain(Guid siteId, SiteGrainServices services)
    {
        SiteId = siteId;
        _s = services;
    }

    public Guid SiteId { get; }

    public SiteStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new SiteStatus(
                    SiteId, _activation?.Epoch ?? 0, _accepted, _refused, [.. _cameras.Values.OrderBy(c => c.CameraId)],
                    _aggregation?.Configuration.Calibrations.Count ?? 0, _aggregation?.Configuration.Zones.Count ?? 0, _eventsStored, _pending.Count);
            }
        }
    }

    public async Task ActivateAsync(GrainActivation activation, CancellationToken cancellationToken)
    {
        var configuration = await LoadAsync(cancellationToken).ConfigureAwait(false);
        _aggregation = new SiteAggregation(SiteId, configuration, _s.Options);
        _activation = activation;
        _s.Directory.Add(this);
        var token = CancellationTokenSource.CreateLinkedTokenSource(activation.EpochLost, _stop.Token).Token;
        var follow = new ChangeTriggeredRefresh(
            "site configuration",
            c => c.Kind is ClusterChangeKind.Calibration or ClusterChangeKind.SiteZone or ClusterChangeKind.Camera or ClusterChangeKind.Site or ClusterChangeKind.Resync,
            _s.Options.ConfigurationRefreshInterval,
            ReloadAsync,
            _s.Logger);
        _watch = follow.RunAsync(_s.Store, token);
        _loop = Task.Run(() => LoopAsync(activation, token), CancellationToken.None);
        _s.Logger.LogInformation(
            "Site {Site} active at epoch {Epoch}: {Cameras} camera(s), {Calibrated} calibrated, {Zones} floor zone(s)",
            configuration.Name, activation.Epoch, configuration.Cameras.Count, configuration.Calibrations.Count, configuration.Zones.Count);
    }

    public async Task DeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _s.Directory.Remove(this);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loop, _watch).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            _s.Logger.LogWarning("Site {Site} did not stop within the deactivation timeout", SiteId);
        }

        if (_activation is { IsCurrent: true } activation)
        {
            // A planned move: store what was raised since the last tick (the store refuses it if the epoch moved on).
            await StoreEventsAsync(activation, CancellationToken.None).ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    public async Task<SiteAcceptResult> AcceptAsync(IReadOnlyList<SiteCameraResult> results, CancellationToken cancellationToken)
    {
        if (_activation is not { IsCurrent: true })
        {
            return new SiteAcceptResult(0, 0, NotHere: true);
        }

        // A result claiming an epoch newer than the cached assignment means the cache is behind: re-read it once.
        if (results.Any(r => r.SiteId == SiteId && (_s.View.AssignmentOf(GrainId.ForCamera(r.CameraId))?.Epoch ?? 0) < r.Epoch))
        {
            await _s.View.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        int accepted = 0, refused = 0;
        var node = _s.Metrics.Node;
        lock (_gate)
        {
            foreach (var r in results)
            {
                var current = _s.View.AssignmentOf(GrainId.ForCamera(r.CameraId));
                _cameras.TryGetValue(r.CameraId, out var known);
                var fresh = r.SiteId == SiteId && current is { SiloId: { } silo } && silo == r.SiloId && current.Epoch == r.Epoch
                    && (known is null || r.Epoch > known.Epoch || (r.Epoch == known.Epoch && r.Frame > known.Frame));
                if (fresh)
                {
                    accepted++;
                    _cameras[r.CameraId] = new SiteCameraState(r.CameraId, r.SiloId, r.Epoch, r.Frame, r.CapturedAt, r.Persons, (known?.Accepted ?? 0) + 1, known?.RefusedStale ?? 0);
                    var micros = _aggregation!.Add(r.CameraId, r.Poses, r.CapturedAt);
                    if (micros > 0)
                    {
                        _s.Metrics.AggregationTime.Record(micros, node);
                    }
                }
                else
                {
                    refused++;
                    if (known is not null)
                    {
                        _cameras[r.CameraId] = known with { RefusedStale = known.RefusedStale + 1 };
                    }
                }
            }

            _accepted += accepted;
            _refused += refused;
        }

        if (accepted > 0)
        {
            _s.Metrics.Results.Add(accepted, node, new("site", SiteId.ToString("D")), new("outcome", "accepted"));
        }

        if (refused > 0)
        {
            _s.Metrics.Results.Add(refused, node, new("site", SiteId.ToString("D")), new("outcome", "stale"));
            _s.Logger.LogDebug("Site {Site} refused {Count} stale result(s)", SiteId, refused);
        }

        return new SiteAcceptResult(accepted, refused);
    }

    private async Task LoopAsync(GrainActivation activation, CancellationToken token)
    {
        using var timer = new PeriodicTimer(_s.Options.SnapshotInterval);
        var nextActivity = DateTimeOffset.UtcNow + _s.Options.ActivityInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                var now = DateTimeOffset.UtcNow;
                PublishSnapshot(activation, now);
                await StoreEventsAsync(activation, token).ConfigureAwait(false);
                if (now >= nextActivity)
                {
                    nextActivity = now + _s.Options.ActivityInterval;
                    await StoreActivityAsync(activation, now, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private void PublishSnapshot(GrainActivation activation, DateTimeOffset now)
    {
        SiteLiveSnapshot snapshot;
        lock (_gate)
        {
            var before = _pending.Count;
            _aggregation!.TakeEvents(_pending);
            var raised = _pending.GetRange(before, _pending.Count - before);
            foreach (var e in raised)
            {
                _s.Metrics.Events.Add(1, _s.Metrics.Node, new("kind", e.Kind));
            }

            TrimPending();
            var (identities, zones, cameras) = _aggregation.Snapshot();
            snapshot = new SiteLiveSnapshot(SiteId, _aggregation.Configuration.Name, _s.Node, activation.SiloId, activation.Epoch, now, identities, zones, cameras, raised);
        }

        if (activation.IsCurrent)
        {
            _s.Stream.Publish(PoseStreamMessages.Site(snapshot));
        }
    }

    /// <summary>Stores the pending events in one fenced batch; on failure they stay pending for the next tick.</summary>
    private async Task StoreEventsAsync(GrainActivation activation, CancellationToken token)
    {
        SiteEventRecord[] batch;
        string name;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = [.. _pending];
            name = _aggregation!.Configuration.Name;
        }

        try
        {
            var stored = await _s.Store.AppendSiteEventsAsync(activation.SiloId, activation.Epoch, batch, token).ConfigureAwait(false);
            lock (_gate)
            {
                _pending.RemoveRange(0, Math.Min(batch.Length, _pending.Count));
                _eventsStored += stored;
            }

            if (stored == 0 && !activation.IsCurrent)
            {
                return;
            }

            _s.Events.Offer(name, batch);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _s.Logger.LogWarning("Site {Site}: {Count} event(s) not stored yet, retrying: {Error}", SiteId, batch.Length, e.Message);
        }
    }

    private async Task StoreActivityAsync(GrainActivation activation, DateTimeOffset now, CancellationToken token)
    {
        List<SiteActivitySample> rows;
        lock (_gate)
        {
            rows = _aggregation!.TakeActivity(now, activation.SiloId, activation.Epoch);
        }

        if (rows.Count == 0)
        {
            return;
        }

        try
        {
            var stored = await _s.Store.AppendSiteActivityAsync(rows, token).ConfigureAwait(false);
            if (stored < rows.Count && !activation.IsCurrent)
            {
                _s.Logger.LogWarning("Site {Site}: history refused for epoch {Epoch}; this node no longer holds the site", SiteId, activation.Epoch);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _s.Logger.LogDebug("Site {Site}: activity history not written: {Error}", SiteId, e.Message);
        }
    }

    private void TrimPending()
    {
        var excess = _pending.Count - _s.Options.MaxPendingEvents;
        if (excess > 0)
        {
            _pending.RemoveRange(0, excess);
            _s.Metrics.EventsLost.Add(excess, _s.Metrics.Node);
        }
    }

    private async Task ReloadAsync(CancellationToken token)
    {
        try
        {
            var configuration = await LoadAsync(token).ConfigureAwait(false);
            lock (_gate)
            {
                _aggregation!.Reconfigure(configuration);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _s.Logger.LogWarning("Site {Site}: configuration not reloaded (retried at the next change or refresh): {Error}", SiteId, e.Message);
        }
    }

    private async Task<SiteConfiguration> LoadAsync(CancellationToken token)
    {
        var site = await _s.Store.GetSiteAsync(SiteId, token).ConfigureAwait(false);
        var cameras = await _s.Store.ListCamerasAsync(SiteId, token).ConfigureAwait(false);
        var calibrations = await _s.Store.ListCalibrationsAsync(SiteId, token).ConfigureAwait(false);
        var zones = await _s.Store.ListSiteZonesAsync(SiteId, token).ConfigureAwait(false);
        return new SiteConfiguration(
            site?.Name ?? SiteId.ToString("D"),
            cameras.Select(c => c.Id).ToHashSet(),
            calibrations.ToDictionary(c => c.CameraId),
            zones);
    }
}
