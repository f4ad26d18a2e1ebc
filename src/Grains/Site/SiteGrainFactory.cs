using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Grains;
using PoseCluster.Grains.Telemetry;
using PoseCluster.Grains.Topology;

namespace PoseCluster.Grains.Site;

/// <summary>Creates this node's site grains.</summary>
public sealed class SiteGrainFactory : IGrainFactory
{
    private readonly ClusterView _view;
    private readonly SiteDirectory _directory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Counter<long> _results;
    private readonly KeyValuePair<string, object?> _node;

    /// <summary>Creates the factory.</summary>
    public SiteGrainFactory(ClusterView view, SiteDirectory directory, GrainMeter meter, ILoggerFactory loggerFactory)
    {
        _view = view ?? throw new ArgumentNullException(nameof(view));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        ArgumentNullException.ThrowIfNull(meter);
        _node = meter.NodeTag;
        _results = meter.Meter.CreateCounter<long>("posecluster.site.results", description: "Camera results received by site grains, by outcome (accepted, stale)");
    }

    /// <inheritdoc />
    public string GrainType => GrainTypes.Site;

    /// <inheritdoc />
    public IGrain Create(GrainId id) =>
        new SiteGrain(Guid.Parse(id.Key), _view, _directory, _results, _node, _loggerFactory.CreateLogger("PoseCluster.Grains.Site"));
}
