namespace PoseCluster.Gateway.Live;

/// <summary>One message waiting in a browser connection's queue (exactly one of the payloads is set; for a site snapshot <c>Camera</c> is the site id).</summary>
internal readonly record struct LiveEnvelope(Guid Camera, LivePose? Pose, LiveStatus? Status, LiveClientStats? Stats, LiveSite? Site = null);
