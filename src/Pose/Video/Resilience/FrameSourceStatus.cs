namespace PoseCluster.Pose.Video.Resilience;

/// <summary>A state change of a <see cref="ResilientFrameSource"/>.</summary>
/// <param name="State">The new state.</param>
/// <param name="Reason">Why (redacted; for Stalled and Failed the error message).</param>
/// <param name="Error">The error's category when a failure caused the change; null otherwise.</param>
/// <param name="Reconnects">Reconnections so far (times streaming resumed after an interruption).</param>
/// <param name="At">When the change happened.</param>
public sealed record FrameSourceStatus(
    FrameSourceState State,
    string Reason,
    FrameSourceErrorKind? Error,
    int Reconnects,
    DateTimeOffset At);
