namespace PoseCluster.Pose.Evaluation;

/// <summary>A COCO box: [x, y, width, height] in image pixels (top-left corner and size), double precision.</summary>
/// <param name="X">Left.</param>
/// <param name="Y">Top.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct CocoBox(double X, double Y, double Width, double Height)
{
    /// <summary>Width times height, as cocoeval's result loader computes a box area.</summary>
    public double Area => Width * Height;
}
