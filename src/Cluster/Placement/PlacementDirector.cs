using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Placement;

/// <summary>
/// Runs placement rounds while a lease is held: at every tick (death detection) and whenever silos, cameras or sites
/// change. A round declares expired silos dead, reads a snapshot, plans, and writes the plan through the lease.
/// </summary>
internal sealed class PlacementDirector
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(15);
    private readonly IClusterStore _store;
    private readonly IPipelineCatalog _catalog;
    private readonly PlacementOptions _options;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _node;
    private readonly Action<PlacementAppliedEventArgs> _applied;

    public PlacementDirector(IClusterStore store, IPipelineCatalog catalog, PlacementOptions options, ILogger logger, string nodeName, Action<PlacementAppliedEventArgs> applied)
    {
        _store = store;
        _catalog = catalog;
        _options = options;
        _logger = logger;
        _node = ClusterMetrics.Node(nodeName);
        _applied = applied;
    }

    /// <summary>Directs until the lease is lost or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(ILeaderLease lease, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var token = linked.Token;
        var trigger = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var watch = WatchAsync(trigger.Writer, token);
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (!await lease.CheckAsync(token).ConfigureAwait(false))
                {
                    break;
                }

                try
                {
                    if (await RoundAsync(lease, token).ConfigureAwait(false))
                    {
                        trigger.Writer.TryWrite(true);
                    }
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    _logger.LogWarning("Placement round failed: {Error}", e.Message);
                    if (!lease.IsHeld)
                    {
                        break;
                    }
                }

                using var tick = CancellationTokenSource.CreateLinkedTokenSource(token);
                tick.CancelAfter(_options.TickInterval);
                try
                {
                    await trigger.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
                    await Task.Delay(Debounce, token).ConfigureAwait(false);
                    trigger.Reader.TryRead(out _);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // Tick.
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }

    /// <summary>One round; returns true when another should follow at once (conflict, or truncated balancing).</summary>
    private async Task<bool> RoundAsync(ILeaderLease lease, CancellationToken token)
    {
        ClusterMetrics.PlacementRounds.Add(1, _node);
        var dead = await lease.MarkExpiredSilosDeadAsync(token).ConfigureAwait(false);
        foreach (var name in dead)
        {
            _logger.LogWarning("Silo {Silo} missed heartbeats for its death window: declared dead, its grains are reassigned", name);
            ClusterMetrics.SilosDeclaredDead.Add(1, _node);
        }

        var snapshot = await _store.ReadSnapshotAsync(token).ConfigureAwait(false);
        var plan = PlacementPlanner.Plan(snapshot, _catalog, _options);
        if (plan.IsEmpty)
        {
            return false;
        }

        var result = await lease.ApplyPlanAsync(plan, token).ConfigureAwait(false);
        if (!result.Applied)
        {
            _logger.LogInformation("Placement plan not written, replanning: {Conflict}", result.Conflict);
            return true;
        }

        ClusterMetrics.PlacementChanges.Add(result.Changes, _node);
        _logger.LogInformation("Placement (term {Term}): {Plan}", lease.Term, plan);
        foreach (var d in plan.Decisions.Where(d => d.Action != PlacementAction.Move))
        {
            _logger.LogDebug("{Grain}: {Action} -> {Silo} ({Why})", d.Grain, d.Action, d.ToSilo?.ToString() ?? "none", d.Why);
        }

        _applied(new PlacementAppliedEventArgs(plan, result, lease.Term));
        return plan.Truncated;
    }

    private async Task WatchAsync(ChannelWriter<bool> trigger, CancellationToken token)
    {
        await Task.Yield();
        try
        {
            await foreach (var change in _store.WatchAsync(token).ConfigureAwait(false))
            {
                // Our own assignment writes need no reaction; zones, calibrations and webhooks do not affect placement.
                if (change.Kind is not (ClusterChangeKind.Assignments or ClusterChangeKind.Leader or ClusterChangeKind.Zone
                    or ClusterChangeKind.Calibration or ClusterChangeKind.SiteZone or ClusterChangeKind.Webhook))
                {
                    trigger.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogWarning("Placement change watch ended: {Error}", e.Message);
        }
    }
}
