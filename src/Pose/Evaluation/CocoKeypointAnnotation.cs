using System.Collections.Immutable;

namespace PoseCluster.Pose.Evaluation;

/// <summary>A ground-truth person of a COCO keypoint dataset (an entry of <c>annotations</c>).</summary>
public sealed record CocoKeypointAnnotation
{
    /// <summary>Annotation id.</summary>
    public required long Id { get; init; }

    /// <summary>Id of the image it belongs to.</summary>
    public required long ImageId { get; init; }

    /// <summary>Category id (1 = person).</summary>
    public required int CategoryId { get; init; }

    /// <summary>Keypoints as flattened triples x, y, v (v: 0 not labelled, 1 labelled but hidden, 2 visible).</summary>
    public ImmutableArray<double> Keypoints { get; init; } = [];

    /// <summary>The <c>num_keypoints</c> field: number of labelled keypoints; cocoeval ignores a person with 0.</summary>
    public int NumKeypoints { get; init; }

    /// <summary>Object area (segmentation area in COCO proper); the s^2 of OKS and the key of the area ranges.</summary>
    public double Area { get; init; }

    /// <summary>Person box.</summary>
    public CocoBox Box { get; init; }

    /// <summary>Whether this is a crowd region (matches never count, matched detections are ignored).</summary>
    public bool IsCrowd { get; init; }
}
