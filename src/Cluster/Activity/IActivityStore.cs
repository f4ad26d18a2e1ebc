namespace PoseCluster.Cluster.Activity;

/// <summary>Per-camera activity history, written only by the current holder of the camera.</summary>
public interface IActivityStore
{
    /// <summary>
    /// Appends rows, fenced in the database: a row is accepted only when (camera, silo, epoch) is the camera grain's
    /// current assignment at insert time (a concurrent reassignment waits for the insert, or refuses it).
    /// </summary>
    Task<ActivityAppendResult> AppendActivityAsync(IReadOnlyList<ActivitySample> samples, CancellationToken cancellationToken);

    /// <summary>A camera's rows with <paramref name="from"/> &lt;= timestamp &lt; <paramref name="to"/>, oldest first.</summary>
    Task<IReadOnlyList<ActivitySample>> ListActivityAsync(Guid cameraId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// History summed per camera and bucket (<see cref="ActivityQuery"/>), ordered by bucket then camera; buckets
    /// without rows are left out. An invalid query fails with <see cref="ClusterErrorCode.Invalid"/>.
    /// </summary>
    Task<IReadOnlyList<ActivityBucket>> QueryActivityAsync(ActivityQuery query, CancellationToken cancellationToken);
}
