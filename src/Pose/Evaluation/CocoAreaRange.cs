namespace PoseCluster.Pose.Evaluation;

/// <summary>An object-area range of the COCO evaluation; ground truths outside it are ignored (bounds inclusive).</summary>
/// <param name="Label">Label as cocoeval prints it ("all", "medium", "large").</param>
/// <param name="Min">Smallest area in square pixels.</param>
/// <param name="Max">Largest area in square pixels.</param>
public readonly record struct CocoAreaRange(string Label, double Min, double Max)
{
    /// <summary>All objects: [0, 1e5^2].</summary>
    public static CocoAreaRange All => new("all", 0, 1e5 * 1e5);

    /// <summary>Medium objects: [32^2, 96^2].</summary>
    public static CocoAreaRange Medium => new("medium", 32 * 32, 96 * 96);

    /// <summary>Large objects: [96^2, 1e5^2].</summary>
    public static CocoAreaRange Large => new("large", 96 * 96, 1e5 * 1e5);

    /// <summary>Whether <paramref name="area"/> lies outside the range (cocoeval: area &lt; min or area &gt; max).</summary>
    public bool Excludes(double area) => area < Min || area > Max;
}
