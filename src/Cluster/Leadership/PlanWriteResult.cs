namespace PoseCluster.Cluster.Leadership;

/// <summary>Outcome of <see cref="ILeaderLease.ApplyPlanAsync"/>.</summary>
/// <param name="Applied">True when the whole plan was written.</param>
/// <param name="Changes">Assignments written.</param>
/// <param name="Conflict">Why nothing was written (state changed since the plan was made), when not applied.</param>
public readonly record struct PlanWriteResult(bool Applied, int Changes, string? Conflict);
