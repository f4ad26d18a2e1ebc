namespace PoseCluster.Gateway.Live;

/// <summary>A camera's stream state as its silo reports it.</summary>
/// <param name="Camera">Camera id.</param>
/// <param name="CameraName">Camera name.</param>
/// <param name="Epoch">The camera grain's epoch.</param>
/// <param name="Node">The silo running the camera.</param>
/// <param name="State"><c>connecting</c>, <c>streaming</c>, <c>stalled</c>, <c>failed</c>, <c>ended</c> or <c>stopped</c>.</param>
/// <param name="Reason">Why (credentials redacted by the silo).</param>
/// <param name="Reconnects">Reconnections so far.</param>
/// <param name="At">When the state was entered.</param>
public sealed record LiveStatus(Guid Camera, string CameraName, long Epoch, string Node, string State, string Reason, int Reconnects, DateTimeOffset At);
