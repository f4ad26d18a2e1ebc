namespace PoseCluster.AppHost.ClusterBench;

/// <summary>What happened after a silo was killed: how long until each of its cameras produced results again elsewhere.</summary>
/// <param name="Killed">The silo killed with SIGKILL.</param>
/// <param name="WasLeader">Whether it led placement (a new leader first waits out one death window).</param>
/// <param name="OrphanedCameras">Cameras it ran at the kill.</param>
/// <param name="Recovered">Of those, cameras that streamed again on a survivor with a newer epoch.</param>
/// <param name="FailoverSeconds">From the kill until the last of them produced a result again (null if some never did).</param>
/// <param name="FirstRecoverySeconds">From the kill until the first of them did.</param>
/// <param name="ReactivatedSeconds">
/// From the kill until the last of them reported <c>streaming</c> on a survivor (the control plane's part: death
/// window, placement, activation; a saturated survivor's first result comes later, after its queue).
/// </param>
internal sealed record FailoverMeasurement(
    string Killed, bool WasLeader, int OrphanedCameras, int Recovered, double? FailoverSeconds, double? FirstRecoverySeconds, double? ReactivatedSeconds)
{
    /// <summary>
    /// From the recorded poses: for each orphaned camera (with the epoch it had on the killed silo), the first pose
    /// received from another silo with a newer epoch.
    /// </summary>
    public static FailoverMeasurement Of(
        IEnumerable<RecordedPose> poses,
        IEnumerable<RecordedStatus> statuses,
        string killed,
        bool wasLeader,
        IReadOnlyDictionary<Guid, long> orphanedEpochs,
        DateTimeOffset killedAt)
    {
        var reactivated = statuses
            .Where(s => s.State == "streaming" && s.Silo != killed && orphanedEpochs.TryGetValue(s.Camera, out var old) && s.Epoch > old && s.ReceivedAt >= killedAt)
            .GroupBy(s => s.Camera)
            .ToDictionary(g => g.Key, g => (g.Min(s => s.ReceivedAt) - killedAt).TotalSeconds);
        var recovered = poses
            .Where(p => p.Silo != killed && orphanedEpochs.TryGetValue(p.Camera, out var old) && p.Epoch > old && p.ReceivedAt >= killedAt)
            .GroupBy(p => p.Camera)
            .ToDictionary(g => g.Key, g => (g.Min(p => p.ReceivedAt) - killedAt).TotalSeconds);
        return new FailoverMeasurement(
            killed,
            wasLeader,
            orphanedEpochs.Count,
            recovered.Count,
            recovered.Count == orphanedEpochs.Count && recovered.Count > 0 ? recovered.Values.Max() : null,
            recovered.Count > 0 ? recovered.Values.Min() : null,
            reactivated.Count == orphanedEpochs.Count && reactivated.Count > 0 ? reactivated.Values.Max() : null);
    }
}
