namespace PoseCluster.Pose.Pipelines;

/// <summary>An image is too small for pose estimation.</summary>
public sealed class ImageTooSmallException : Exception
{
    /// <summary>Creates the exception for an image of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public ImageTooSmallException(int width, int height, int minimum)
        : base($"The image is {width}x{height} px; pose estimation needs at least {minimum}x{minimum} px.")
    {
        Width = width;
        Height = height;
    }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }
}
