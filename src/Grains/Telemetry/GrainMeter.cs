using System.Diagnostics.Metrics;

namespace PoseCluster.Grains.Telemetry;

/// <summary>
/// The meter of one node's grains (<c>PoseCluster.Grains</c>), created through the host's <see cref="IMeterFactory"/>
/// so that several silos in one process keep separate instruments. Every measurement carries the <c>node</c> tag.
/// </summary>
public sealed class GrainMeter
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "PoseCluster.Grains";

    /// <summary>Creates the meter for <paramref name="node"/>.</summary>
    public GrainMeter(IMeterFactory factory, string node)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Meter = factory.Create(new MeterOptions(MeterName));
        Node = node;
        NodeTag = new KeyValuePair<string, object?>("node", node);
    }

    /// <summary>The meter.</summary>
    public Meter Meter { get; }

    /// <summary>The node name.</summary>
    public string Node { get; }

    /// <summary>The <c>node</c> tag.</summary>
    public KeyValuePair<string, object?> NodeTag { get; }

    /// <summary>Bucket bounds for batch sizes.</summary>
    internal static readonly double[] BatchBuckets = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32];

    /// <summary>Bucket bounds for durations in milliseconds.</summary>
    internal static readonly double[] MillisecondBuckets = [5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000];

    /// <summary>A histogram with explicit bucket bounds.</summary>
    internal Histogram<double> Histogram(string name, string? unit, string description, double[] buckets) =>
        Meter.CreateHistogram(name, unit, description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
}
