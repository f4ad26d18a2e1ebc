namespace PoseCluster.Pose.Imaging.Jpeg;

/// <summary>Chroma subsampling of an encoded JPEG (values are TurboJPEG's TJSAMP constants).</summary>
public enum JpegChromaSubsampling
{
    /// <summary>Full-resolution colour: largest files, best colour edges.</summary>
    Yuv444 = 0,

    /// <summary>Colour halved horizontally.</summary>
    Yuv422 = 1,

    /// <summary>Colour halved in both directions: what cameras and browsers use; smallest colour files.</summary>
    Yuv420 = 2,

    /// <summary>Luminance only (a greyscale JPEG).</summary>
    Gray = 3,
}
