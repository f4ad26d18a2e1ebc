using System.Diagnostics.Metrics;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Grains.Telemetry;
using PoseCluster.Grains.Topology;

namespace PoseCluster.Grains.Dispatch;

/// <summary>
/// The peers this node may send frames to: active member silos other than this one that have a data-plane address,
/// rebuilt from the <see cref="ClusterView"/> on every change (keeping each peer's in-flight count and health).
/// </summary>
public sealed class PeerDirectory
{
    private readonly ClusterView _view;
    private readonly ISiloMembership _self;
    private readonly IPipelineCatalog _catalog;
    private readonly Lock _gate = new();
    private Dictionary<Guid, InferencePeer> _peers = [];

    /// <summary>Creates the directory and follows <paramref name="view"/>.</summary>
    public PeerDirectory(ClusterView view, ISiloMembership self, IPipelineCatalog catalog, GrainMeter meter)
    {
        _view = view ?? throw new ArgumentNullException(nameof(view));
        _self = self ?? throw new ArgumentNullException(nameof(self));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        ArgumentNullException.ThrowIfNull(meter);
        _view.Changed += (_, _) => Rebuild();
        Rebuild();
        var node = meter.NodeTag;
        meter.Meter.CreateObservableGauge(
            "posecluster.dispatch.peer_in_flight",
            () => Peers.Select(p => new Measurement<int>(p.InFlight, node, new("peer", p.Node))),
            description: "Requests in flight from this node to each peer");
        meter.Meter.CreateObservableGauge(
            "posecluster.dispatch.peer_ejected",
            () => Peers.Select(p => new Measurement<int>(p.IsEjected ? 1 : 0, node, new("peer", p.Node))),
            description: "1 while a peer is ejected for failing");
    }

    /// <summary>Every known peer.</summary>
    public IReadOnlyList<InferencePeer> Peers
    {
        get
        {
            lock (_gate)
            {
                return [.. _peers.Values];
            }
        }
    }

    /// <summary>Peers serving every model of <paramref name="pipeline"/>.</summary>
    public IReadOnlyList<InferencePeer> CapableOf(string pipeline)
    {
        var models = _catalog.Resolve(pipeline)?.ModelIds;
        if (models is null)
        {
            return [];
        }

        return Peers.Where(p => models.All(p.Models.Contains)).ToList();
    }

    private void Rebuild()
    {
        var self = _self.SiloId;
        lock (_gate)
        {
            var next = new Dictionary<Guid, InferencePeer>();
            foreach (var silo in _view.Silos)
            {
                if (silo.Id == self || silo.Name == _self.NodeName || silo.Status != SiloStatus.Active || string.IsNullOrWhiteSpace(silo.Address))
                {
                    continue;
                }

                next[silo.Id] = _peers.TryGetValue(silo.Id, out var existing)
                    ? existing
                    : new InferencePeer(silo.Id, silo.Name, silo.Address.TrimEnd('/'), silo.Models.ToHashSet(StringComparer.Ordinal));
            }

            _peers = next;
        }
    }
}
