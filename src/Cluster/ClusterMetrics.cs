using System.Diagnostics.Metrics;

namespace PoseCluster.Cluster;

/// <summary>
/// Instruments of the control plane and grain runtime (meter <c>PoseCluster.Cluster</c>); the silo host exports
/// them on /metrics with a MeterListener. Tagged with the node name.
/// </summary>
public static class ClusterMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "PoseCluster.Cluster";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Activations = Meter.CreateCounter<long>("posecluster.grain.activations", description: "Grains activated");
    internal static readonly Counter<long> Deactivations = Meter.CreateCounter<long>("posecluster.grain.deactivations", description: "Grains deactivated");
    internal static readonly Counter<long> EpochLosses = Meter.CreateCounter<long>("posecluster.grain.epoch_losses", description: "Activations stopped because their epoch was lost");
    internal static readonly Counter<long> ActivationFailures = Meter.CreateCounter<long>("posecluster.grain.activation_failures", description: "Activations that threw");
    internal static readonly Counter<long> HeartbeatFailures = Meter.CreateCounter<long>("posecluster.membership.heartbeat_failures", description: "Heartbeats that failed");
    internal static readonly Counter<long> SelfFences = Meter.CreateCounter<long>("posecluster.membership.self_fences", description: "Times the silo fenced itself");
    internal static readonly Counter<long> PlacementRounds = Meter.CreateCounter<long>("posecluster.placement.rounds", description: "Placement rounds run by the leader");
    internal static readonly Counter<long> PlacementChanges = Meter.CreateCounter<long>("posecluster.placement.changes", description: "Assignments written by the leader");
    internal static readonly Counter<long> SilosDeclaredDead = Meter.CreateCounter<long>("posecluster.placement.silos_declared_dead", description: "Silos declared dead by the leader");

    internal static KeyValuePair<string, object?> Node(string name) => new("node", name);
}
