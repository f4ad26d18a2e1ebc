using PoseCluster.Grains.Camera;

namespace PoseCluster.AppHost.ClusterBench;

/// <summary>Throughput and losses of one benchmark phase, from the recorded pose streams.</summary>
/// <param name="WindowSeconds">Length of the measurement window.</param>
/// <param name="FramesOut">Pose messages published in the window (all cameras).</param>
/// <param name="FramesPerSecond">Frames out per second, summed over the cameras.</param>
/// <param name="FramesIn">Frames the silos read from the cameras in the window (their counters).</param>
/// <param name="FramesDropped">Frames the silos dropped in the window (their counters: queues, busy peers, failures).</param>
/// <param name="DropRate"><paramref name="FramesDropped"/> / <paramref name="FramesIn"/>.</param>
/// <param name="StreamGapRate">
/// Cross-check from the streams alone: per owner (camera, silo, epoch) the frame indices are consecutive, so the gaps
/// between the first and last frame captured in the window are frames that never came out.
/// </param>
/// <param name="LatencyP50Ms">Median capture-to-publication latency.</param>
/// <param name="LatencyP95Ms">95th percentile latency.</param>
/// <param name="SiloCpuCores">CPU the silo processes used in the window, in cores.</param>
internal sealed record PhaseMeasurement(
    double WindowSeconds,
    long FramesOut,
    double FramesPerSecond,
    long FramesIn,
    long FramesDropped,
    double DropRate,
    double StreamGapRate,
    double LatencyP50Ms,
    double LatencyP95Ms,
    double SiloCpuCores)
{
    /// <summary>
    /// Measures the poses published in [<paramref name="from"/>, <paramref name="to"/>) and the difference of the silos'
    /// camera counters between <paramref name="atStart"/> and <paramref name="atEnd"/> (per camera, silo and epoch).
    /// </summary>
    public static PhaseMeasurement Of(
        IReadOnlyList<RecordedPose> poses, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<CameraStatus> atStart, IReadOnlyList<CameraStatus> atEnd, double siloCpuCores)
    {
        var window = (to - from).TotalSeconds;
        var published = poses.Where(p => p.PublishedAt >= from && p.PublishedAt < to).ToList();

        // Losses: per owner (camera, silo, epoch), the source's frame indices are consecutive, so the frames captured in
        // the window that never came out are the gaps between the first and the last one that did.
        long expected = 0, missing = 0;
        foreach (var owner in poses.Where(p => p.CapturedAt >= from && p.CapturedAt < to).GroupBy(p => (p.Camera, p.Silo, p.Epoch)))
        {
            var frames = owner.Select(p => p.Frame).Distinct().ToList();
            var span = frames.Max() - frames.Min() + 1;
            expected += span;
            missing += span - frames.Count;
        }

        var before = atStart.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        long framesIn = 0, dropped = 0;
        foreach (var now in atEnd)
        {
            if (before.TryGetValue(Key(now), out var then))
            {
                framesIn += now.FramesIn - then.FramesIn;
                dropped += now.Drops - then.Drops;
            }
        }

        var latencies = published.Select(p => p.LatencyMs).Order().ToArray();
        double Percentile(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        return new PhaseMeasurement(
            window,
            published.Count,
            window > 0 ? published.Count / window : 0,
            framesIn,
            dropped,
            framesIn > 0 ? (double)dropped / framesIn : 0,
            expected > 0 ? (double)missing / expected : 0,
            Percentile(0.50),
            Percentile(0.95),
            siloCpuCores);
    }

    private static (Guid, Guid, long) Key(CameraStatus status) => (status.CameraId, status.SiloId, status.Epoch);
}
