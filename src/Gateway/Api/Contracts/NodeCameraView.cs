namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A camera placed on a node.</summary>
/// <param name="Id">Camera id.</param>
/// <param name="Name">Camera name.</param>
/// <param name="Epoch">Assignment epoch.</param>
public sealed record NodeCameraView(Guid Id, string Name, long Epoch);
