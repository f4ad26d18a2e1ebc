namespace PoseCluster.Cluster.Membership;

/// <summary>Load figures a silo publishes with each heartbeat (for operators and dashboards).</summary>
/// <param name="ActiveGrains">Grains running.</param>
/// <param name="WorkUnitsPerSecond">Measured work, in the same units as the capacity budget.</param>
public readonly record struct SiloLoadReport(int ActiveGrains, double WorkUnitsPerSecond);
