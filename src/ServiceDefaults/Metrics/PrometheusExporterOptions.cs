namespace PoseCluster.ServiceDefaults.Metrics;

/// <summary>What the <see cref="PrometheusExporter"/> exports.</summary>
public sealed class PrometheusExporterOptions
{
    /// <summary>Meter name prefixes exported. Default <c>PoseCluster.</c> (every PoseCluster meter).</summary>
    public List<string> MeterPrefixes { get; set; } = ["PoseCluster."];

    /// <summary>
    /// When set, measurements whose <c>node</c> tag names another node are left out: several silos in one process
    /// (tests, embedded mode) share the process-wide meters, and each exports only its own series. Default null.
    /// </summary>
    public string? Node { get; set; }

    /// <summary>Histogram bucket upper bounds used when an instrument gives none. Default 1, 2, 5 ... 5000.</summary>
    public List<double> DefaultBuckets { get; set; } = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MeterPrefixes.Count == 0 || MeterPrefixes.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{nameof(MeterPrefixes)} needs at least one non-empty meter name prefix.");
        }

        if (DefaultBuckets.Count == 0 || DefaultBuckets.Zip(DefaultBuckets.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new ArgumentException($"{nameof(DefaultBuckets)} must be a non-empty, strictly increasing list.");
        }
    }
}
