namespace PoseCluster.Pose.Tracking;

/// <summary>The internal life cycle of a <see cref="PoseTrack"/> (ByteTrack's new / tracked / lost).</summary>
internal enum TrackPhase
{
    /// <summary>Started in the previous frame; confirmed when matched again, dropped otherwise.</summary>
    Tentative,

    /// <summary>Confirmed and matched in the last frame.</summary>
    Tracked,

    /// <summary>Confirmed, unmatched for up to the lost-track buffer.</summary>
    Lost,
}
