namespace PoseCluster.Pose.Nms;

/// <summary>
/// Pose non-maximum suppression on a <see cref="PoseFrame"/>, in place: persons are reordered best first, suppressed
/// ones removed, and (parallel mode) scores rewritten. Steady-state calls allocate nothing: an instance keeps scratch
/// buffers that grow on demand, so an instance is not thread-safe; use one per stream or worker.
/// </summary>
public interface IPoseNms
{
    /// <summary>Suppresses duplicate poses of <paramref name="frame"/> in place.</summary>
    void Apply(PoseFrame frame);

    /// <summary>Creates the NMS that <paramref name="options"/> selects (validated and copied first).</summary>
    static IPoseNms Create(OksNmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var copy = options.Clone();
        return copy.Mode switch
        {
            OksNmsMode.Parallel => new ParallelOksNms(copy),
            OksNmsMode.Classic => new ClassicOksNms(copy),
            _ => new DisabledPoseNms(),
        };
    }
}
