namespace PoseCluster.Pose.Evaluation;

/// <summary>An entry of a COCO dataset's <c>categories</c> list.</summary>
public sealed record CocoCategory
{
    /// <summary>Category id (1 = person).</summary>
    public required int Id { get; init; }

    /// <summary>Category name.</summary>
    public required string Name { get; init; }

    /// <summary>Super-category name, empty when absent.</summary>
    public string Supercategory { get; init; } = string.Empty;

    /// <summary>Keypoint names in annotation order (empty for categories without keypoints).</summary>
    public IReadOnlyList<string> Keypoints { get; init; } = [];

    /// <summary>Skeleton edges as given in the file (COCO uses 1-based keypoint indices here).</summary>
    public IReadOnlyList<(int A, int B)> Skeleton { get; init; } = [];
}
