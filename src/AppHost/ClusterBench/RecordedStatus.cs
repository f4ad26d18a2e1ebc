namespace PoseCluster.AppHost.ClusterBench;

/// <summary>A camera status message from a silo's stream (connecting, streaming, stopped ...), as the benchmark records it.</summary>
/// <param name="Camera">Camera id.</param>
/// <param name="Silo">The silo running it.</param>
/// <param name="Epoch">The silo's epoch for it.</param>
/// <param name="State">The camera's state.</param>
/// <param name="ReceivedAt">When the benchmark received it.</param>
internal readonly record struct RecordedStatus(Guid Camera, string Silo, long Epoch, string State, DateTimeOffset ReceivedAt);
