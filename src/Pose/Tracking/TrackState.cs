namespace PoseCluster.Pose.Tracking;

/// <summary>Where a person's track stands in the tracker's life cycle (exposed on <see cref="PersonPose.TrackState"/>).</summary>
public enum TrackState : byte
{
    /// <summary>Not tracked: no tracker ran, or the detection was too weak to start a track.</summary>
    None = 0,

    /// <summary>A new track seen in too few frames to be trusted; it has no id yet (<see cref="PersonPose.TrackId"/> 0).</summary>
    Tentative = 1,

    /// <summary>A confirmed track matched in this frame; its id is stable.</summary>
    Confirmed = 2,

    /// <summary>A confirmed track matched again after frames without a detection (the same id is kept).</summary>
    Recovered = 3,
}
