using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Constants of associative-embedding grouping (HigherHRNet's <c>HeatmapParser</c> defaults), read from an
/// <c>associative-embedding</c> catalog entry's <c>decode</c> section.
/// </summary>
public sealed record AssociativeEmbeddingOptions
{
    /// <summary>COCO joint visiting order (0-based): 1,2,3,4,5,6,7,12,13,8,9,10,11,14,15,16,17 in 1-based terms.</summary>
    public static readonly IReadOnlyList<int> DefaultJointOrder = [0, 1, 2, 3, 4, 5, 6, 11, 12, 7, 8, 9, 10, 13, 14, 15, 16];

    /// <summary>Heatmaps output name (<c>heatmapsOutput</c>, default <c>heatmaps</c>).</summary>
    public string HeatmapsOutput { get; init; } = "heatmaps";

    /// <summary>Tags output name (<c>tagsOutput</c>, default <c>tags</c>).</summary>
    public string TagsOutput { get; init; } = "tags";

    /// <summary>Max-pool window of the peak NMS (<c>nmsKernel</c>, default 3; 5 in the smallest EfficientHRNet config).</summary>
    public int NmsKernel { get; init; } = 3;

    /// <summary>Candidates kept per joint (<c>topK</c>, default 30).</summary>
    public int TopK { get; init; } = 30;

    /// <summary>Candidates at or below this heatmap value are dropped (<c>detectionThreshold</c>, default 0.2; 0.1 in the smallest config).</summary>
    public float DetectionThreshold { get; init; } = 0.2f;

    /// <summary>A joint joins a person only if its tag distance is below this (<c>tagThreshold</c>, default 1.0).</summary>
    public float TagThreshold { get; init; } = 1f;

    /// <summary>Persons a joint can be matched against (<c>maxPersons</c>, default 30).</summary>
    public int MaxPersons { get; init; } = 30;

    /// <summary>Cost = round(distance) x 100 - value when true (<c>useDetectionValue</c>, default true), else the distance.</summary>
    public bool UseDetectionValue { get; init; } = true;

    /// <summary>Quarter-pixel shift toward the higher neighbour, then + 0.5 (<c>adjust</c>, default true).</summary>
    public bool Adjust { get; init; } = true;

    /// <summary>Fill missing joints from the whole map by value minus rounded tag distance (<c>refine</c>, default true).</summary>
    public bool Refine { get; init; } = true;

    /// <summary>Joint visiting order (<c>jointOrder</c>, 0-based COCO indices).</summary>
    public IReadOnlyList<int> JointOrder { get; init; } = DefaultJointOrder;

    /// <summary>Reads the options of a catalog entry's decode section.</summary>
    public static AssociativeEmbeddingOptions FromCatalog(DecodeParameters decode)
    {
        var options = new AssociativeEmbeddingOptions
        {
            HeatmapsOutput = decode.Text("heatmapsOutput", "heatmaps"),
            TagsOutput = decode.Text("tagsOutput", "tags"),
            NmsKernel = decode.Integer("nmsKernel", 3),
            TopK = decode.Integer("topK", 30),
            DetectionThreshold = (float)decode.Number("detectionThreshold", 0.2),
            TagThreshold = (float)decode.Number("tagThreshold", 1.0),
            MaxPersons = decode.Integer("maxPersons", 30),
            UseDetectionValue = decode.Flag("useDetectionValue", true),
            Adjust = decode.Flag("adjust", true),
            Refine = decode.Flag("refine", true),
            JointOrder = decode.Integers("jointOrder", [.. DefaultJointOrder]),
        };
        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="ModelCatalogException"/> naming the first invalid constant.</summary>
    public void Validate()
    {
        if (NmsKernel < 1 || NmsKernel % 2 == 0 || TopK < 1 || MaxPersons < 1)
        {
            throw new ModelCatalogException("Associative-embedding decode parameters: nmsKernel must be odd and positive; topK and maxPersons positive.");
        }

        if (JointOrder.Count != CocoKeypoints.Count || JointOrder.Distinct().Count() != CocoKeypoints.Count || JointOrder.Any(j => j < 0 || j >= CocoKeypoints.Count))
        {
            throw new ModelCatalogException("Associative-embedding decode parameters: jointOrder must be a permutation of the 17 COCO joints.");
        }
    }
}
