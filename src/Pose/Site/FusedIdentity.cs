using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Site;

/// <summary>The mutable state behind a <see cref="SiteIdentity"/>: per camera, the linked track and its latest position. Pooled.</summary>
internal sealed class FusedIdentity
{
    public int Id;
    public DateTimeOffset FirstSeen;
    public DateTimeOffset LastSeen;
    public PlanePoint Position;
    public PlanePoint Velocity;
    public PlanePoint VelocityAnchor;
    public DateTimeOffset VelocityAnchorTime;
    public int[] CameraTrack = new int[4];
    public DateTimeOffset[] CameraTime = new DateTimeOffset[4];
    public PlanePoint[] CameraPosition = new PlanePoint[4];
    public int MergeCandidate;
    public DateTimeOffset MergeSince;

    public void Reset(int id, int cameras, DateTimeOffset time, PlanePoint position)
    {
        Id = id;
        FirstSeen = LastSeen = VelocityAnchorTime = time;
        Position = VelocityAnchor = position;
        Velocity = default;
        MergeCandidate = 0;
        if (CameraTrack.Length < cameras)
        {
            CameraTrack = new int[cameras];
            CameraTime = new DateTimeOffset[cameras];
            CameraPosition = new PlanePoint[cameras];
        }

        Array.Clear(CameraTrack);
        Array.Clear(CameraTime);
    }

    public void EnsureCameras(int cameras)
    {
        if (CameraTrack.Length < cameras)
        {
            Array.Resize(ref CameraTrack, cameras);
            Array.Resize(ref CameraTime, cameras);
            Array.Resize(ref CameraPosition, cameras);
        }
    }

    /// <summary>Whether camera <paramref name="camera"/> saw this identity through one of its tracks within <paramref name="linkTimeout"/>.</summary>
    public bool ActiveIn(int camera, DateTimeOffset time, TimeSpan linkTimeout) =>
        camera < CameraTrack.Length && CameraTrack[camera] != 0 && time - CameraTime[camera] <= linkTimeout;

    public PlanePoint Predict(DateTimeOffset time, TimeSpan horizon)
    {
        var dt = Math.Clamp((time - LastSeen).TotalSeconds, 0, horizon.TotalSeconds);
        return new PlanePoint(Position.X + (Velocity.X * dt), Position.Y + (Velocity.Y * dt));
    }

    public int ActiveCameras(TimeSpan window)
    {
        var n = 0;
        for (var c = 0; c < CameraTrack.Length; c++)
        {
            if (CameraTrack[c] != 0 && LastSeen - CameraTime[c] <= window)
            {
                n++;
            }
        }

        return n;
    }
}
