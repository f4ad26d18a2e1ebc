namespace PoseCluster.Pose.Imaging;

/// <summary>An image could not be encoded or decoded, or the codec library is missing; the message says what to do.</summary>
public sealed class ImageCodecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageCodecException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
