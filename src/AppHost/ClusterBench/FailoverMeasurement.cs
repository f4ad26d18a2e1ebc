namespace PoseCluster.AppHost.ClusterBench;

/// <summary>What happened after a silo was killed: how long until each of its cameras produced results again elsewhere.</summary>
/// <param name="Killed">The silo killed with SIGKILL.</param>
/// <param name="WasLeader">Whether it led placement (a new leader first waits out one death window).</param>
/// <param name="OrphanedCameras">Cameras it ran at the kill.</param>
/// <param name="Recovered">Of those, cameras that streamed again on a survivor with a newer epoch.</param>
/// <param name="FailoverSeconds">From the kill until the last of them produced a result again (null if some never did).</param>
/// <param name="FirstRecoverySeconds">From the kill until the first of them did.</param>
internal sealed record FailoverMeasurement(string Killed, bool WasLeader, int OrphanedCameras, int Recovered, double? FailoverSeconds, double? FirstRecoverySeconds)
{
    /// <summary>
    /// From the recorded poses: for each orphaned camera (with the epoch it had on the killed silo), the first pose
    /// received from another silo with a newer epoch.
    /// </summary>
    public static FailoverMeasurement Of(
        IEnumerable<RecordedPose> poses, string killed, bool wasLeader, IReadOnlyDictionary<Guid, long> orphanedEpochs, DateTimeOffset killedAt)
    {
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
            recovered.Count > 0 ? recovered.Values.Min() : null);
    }
}
