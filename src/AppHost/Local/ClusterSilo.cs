using PoseCluster.Cluster.Local;
using PoseCluster.Cluster.Membership;

namespace PoseCluster.AppHost.Local;

/// <summary>A silo process of a local cluster.</summary>
internal sealed class ClusterSilo
{
    /// <summary>Creates the record of a started silo.</summary>
    public ClusterSilo(string name, NodeClass nodeClass, LocalProcess process)
    {
        Name = name;
        Class = nodeClass;
        Process = process;
    }

    /// <summary>Its node name (gpu1, nuc2, ...).</summary>
    public string Name { get; }

    /// <summary>Its node class.</summary>
    public NodeClass Class { get; }

    /// <summary>The process.</summary>
    public LocalProcess Process { get; }

    /// <summary>Its data-plane address once healthy (<c>http://127.0.0.1:PORT</c>).</summary>
    public string? Address { get; set; }

    /// <summary>Whether it was killed on purpose (a benchmark's kill -9): its exit is not reported as a failure.</summary>
    public bool KilledOnPurpose { get; set; }

    /// <summary>Its pose stream (<c>ws://.../stream</c>).</summary>
    public string? StreamUrl => Address?.Replace("http://", "ws://", StringComparison.Ordinal) + "/stream";
}
