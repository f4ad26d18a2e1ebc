namespace PoseCluster.Grains.Streaming;

/// <summary>The fields of a status message.</summary>
/// <param name="CameraId">Camera.</param>
/// <param name="CameraName">Camera name.</param>
/// <param name="Node">The silo running the camera.</param>
/// <param name="SiloId">That silo's incarnation id.</param>
/// <param name="Epoch">The camera grain's epoch.</param>
/// <param name="State">connecting, streaming, stalled, failed, ended or stopped.</param>
/// <param name="Reason">Why (redacted).</param>
/// <param name="Reconnects">Reconnections so far.</param>
/// <param name="At">When the state changed.</param>
public readonly record struct CameraStatusFields(
    Guid CameraId,
    string CameraName,
    string Node,
    Guid SiloId,
    long Epoch,
    string State,
    string Reason,
    int Reconnects,
    DateTimeOffset At);
