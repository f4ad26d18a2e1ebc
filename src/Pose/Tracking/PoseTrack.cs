namespace PoseCluster.Pose.Tracking;

/// <summary>One track of <see cref="ByteTrackPoseTracker"/>: its Kalman box, its last pose and its life cycle. Pooled.</summary>
internal sealed class PoseTrack
{
    public KalmanBoxFilter Filter;
    public KeypointSet Keypoints;
    public BoundingBox ObservedBox;
    public BoundingBox PredictedBox;
    public KeypointSet PredictedKeypoints;
    public TrackPhase Phase;
    public int Id;
    public int StartFrame;
    public int LastFrame;
    public bool Matched;

    /// <summary>Moves the last pose with the box from its observed to its predicted place (the pose half of the prediction).</summary>
    public void PredictPose()
    {
        PredictedBox = Filter.Box;
        var sx = ObservedBox.Width > 0f ? PredictedBox.Width / ObservedBox.Width : 1f;
        var sy = ObservedBox.Height > 0f ? PredictedBox.Height / ObservedBox.Height : 1f;
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            var p = Keypoints[k];
            PredictedKeypoints[k] = new Keypoint(
                PredictedBox.X1 + ((p.X - ObservedBox.X1) * sx), PredictedBox.Y1 + ((p.Y - ObservedBox.Y1) * sy), p.Score);
        }
    }
}
