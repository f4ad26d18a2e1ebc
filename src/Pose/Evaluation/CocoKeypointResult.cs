using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Evaluation;

/// <summary>
/// One entry of a COCO keypoint results list: a detected person with 17 keypoints (x, y, score triples) and a score.
/// </summary>
public sealed record CocoKeypointResult
{
    /// <summary>The COCO person category id.</summary>
    public const int PersonCategoryId = 1;

    /// <summary>Id of the image the person was detected in.</summary>
    public required long ImageId { get; init; }

    /// <summary>Category id; <see cref="PersonCategoryId"/> for people.</summary>
    public int CategoryId { get; init; } = PersonCategoryId;

    /// <summary>Keypoints as flattened triples x, y, score, in the dataset's keypoint order (COCO-17: 51 values).</summary>
    public required ImmutableArray<double> Keypoints { get; init; }

    /// <summary>Person score: the evaluation ranks detections by it.</summary>
    public required double Score { get; init; }

    /// <summary>
    /// Optional <c>bbox</c> of the result. cocoeval's result loader takes a non-empty <c>bbox</c> on the first result
    /// as the sign of box results and then uses box areas instead of keypoint-extent areas; the evaluator mirrors that.
    /// </summary>
    public CocoBox? Box { get; init; }

    /// <summary>The result for one pose of the pipeline: keypoints in COCO-17 order, the person score, category 1.</summary>
    public static CocoKeypointResult FromPose(long imageId, in PersonPose pose)
    {
        ReadOnlySpan<Keypoint> keypoints = pose.Keypoints;
        var values = new double[3 * keypoints.Length];
        for (var k = 0; k < keypoints.Length; k++)
        {
            values[3 * k] = keypoints[k].X;
            values[(3 * k) + 1] = keypoints[k].Y;
            values[(3 * k) + 2] = keypoints[k].Score;
        }

        return new CocoKeypointResult
        {
            ImageId = imageId,
            Keypoints = ImmutableCollectionsMarshal.AsImmutableArray(values),
            Score = pose.Score,
        };
    }

    /// <summary>The results for every person of <paramref name="frame"/> (image <paramref name="imageId"/>), in frame order.</summary>
    public static List<CocoKeypointResult> FromFrame(long imageId, PoseFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var results = new List<CocoKeypointResult>(frame.Count);
        foreach (ref readonly var pose in frame.Persons)
        {
            results.Add(FromPose(imageId, pose));
        }

        return results;
    }
}
