namespace PoseCluster.Cluster.Activity;

/// <summary>Outcome of a fenced history append.</summary>
/// <param name="Accepted">Rows written.</param>
/// <param name="Refused">Rows refused because (camera, silo, epoch) was not the current assignment.</param>
/// <param name="Duplicates">Rows already present (same camera and timestamp), e.g. from a retried batch.</param>
public readonly record struct ActivityAppendResult(int Accepted, int Refused, int Duplicates);
