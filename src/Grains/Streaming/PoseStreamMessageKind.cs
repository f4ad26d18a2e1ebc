namespace PoseCluster.Grains.Streaming;

/// <summary>What a pose stream message carries (its JSON <c>type</c>).</summary>
public enum PoseStreamMessageKind
{
    /// <summary><c>pose</c>: one processed frame of a camera.</summary>
    Pose,

    /// <summary><c>status</c>: a camera's state changed (connecting, streaming, stalled, failed, ended, stopped).</summary>
    Status,

    /// <summary><c>site</c>: a site grain's live snapshot (the message's id is the site's).</summary>
    Site,
}
