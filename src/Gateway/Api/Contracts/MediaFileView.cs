namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A video in a media folder that cameras may use.</summary>
/// <param name="Name">File name.</param>
/// <param name="Path">Absolute path (a valid file source).</param>
/// <param name="ReplayUrl"><c>replay://PATH</c>: the same video as a simulated live camera decoded once per node.</param>
/// <param name="SizeBytes">File size.</param>
public sealed record MediaFileView(string Name, string Path, string ReplayUrl, long SizeBytes);
