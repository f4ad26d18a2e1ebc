using System.Diagnostics.Metrics;
using PoseCluster.Grains.Telemetry;

namespace PoseCluster.Grains.Site;

/// <summary>The site grains' instruments (one set per node).</summary>
public sealed class SiteGrainMetrics
{
    /// <summary>Creates the instruments on the node's meter.</summary>
    public SiteGrainMetrics(GrainMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        Node = meter.NodeTag;
        Results = meter.Meter.CreateCounter<long>("posecluster.site.results", description: "Camera results received by site grains, by outcome (accepted, stale)");
        Events = meter.Meter.CreateCounter<long>("posecluster.site.events", description: "Site events raised, by kind");
        EventsLost = meter.Meter.CreateCounter<long>("posecluster.site.events_lost", description: "Site events dropped because the store could not be written for too long");
        AggregationTime = meter.Meter.CreateHistogram<double>("posecluster.site.aggregation_us", "us", "Time to aggregate one camera frame into its site");
    }

    /// <summary>The node tag.</summary>
    public KeyValuePair<string, object?> Node { get; }

    /// <summary>Results by outcome.</summary>
    public Counter<long> Results { get; }

    /// <summary>Events by kind.</summary>
    public Counter<long> Events { get; }

    /// <summary>Events lost.</summary>
    public Counter<long> EventsLost { get; }

    /// <summary>Aggregation time per frame.</summary>
    public Histogram<double> AggregationTime { get; }
}
