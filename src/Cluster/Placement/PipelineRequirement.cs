namespace PoseCluster.Cluster.Placement;

/// <summary>What a pipeline needs from a silo, and how heavy it is.</summary>
/// <param name="Name">Pipeline name.</param>
/// <param name="ModelIds">Models a silo must serve to run it (empty: any silo).</param>
/// <param name="CostWeight">Work units per frame; a camera costs target fps x this.</param>
public sealed record PipelineRequirement(string Name, IReadOnlyList<string> ModelIds, double CostWeight);
