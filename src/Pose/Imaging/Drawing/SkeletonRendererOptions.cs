namespace PoseCluster.Pose.Imaging.Drawing;

/// <summary>How <see cref="SkeletonRenderer"/> draws poses. Colours follow the usual COCO convention of pose demos.</summary>
public sealed class SkeletonRendererOptions
{
    /// <summary>Keypoints (and the limbs between them) below this score are not drawn. Default 0.3.</summary>
    public float KeypointThreshold { get; set; } = 0.3f;

    /// <summary>Limb line width in pixels. Default 2.</summary>
    public int LineThickness { get; set; } = 2;

    /// <summary>Keypoint dot radius in pixels (0 = no dots). Default 3.</summary>
    public int PointRadius { get; set; } = 3;

    /// <summary>Draw each person's box. Default true.</summary>
    public bool DrawBoxes { get; set; } = true;

    /// <summary>Box line width in pixels. Default 1.</summary>
    public int BoxThickness { get; set; } = 1;

    /// <summary>Draw a label with the track id (when tracked) and the person score. Default true.</summary>
    public bool DrawLabels { get; set; } = true;

    /// <summary>Label font scale: each font pixel becomes this many image pixels (the font is 3x5). Default 2.</summary>
    public int FontScale { get; set; } = 2;

    /// <summary>Colour of the left side's limbs and keypoints. Default green.</summary>
    public RgbColor LeftColor { get; set; } = new(0, 255, 0);

    /// <summary>Colour of the right side's limbs and keypoints. Default orange.</summary>
    public RgbColor RightColor { get; set; } = new(255, 128, 0);

    /// <summary>Colour of centre limbs (shoulders, hips, face) and the nose. Default light blue.</summary>
    public RgbColor CenterColor { get; set; } = new(51, 153, 255);

    /// <summary>Colour of untracked persons' boxes and of the label background. Default yellow.</summary>
    public RgbColor BoxColor { get; set; } = new(255, 255, 0);

    /// <summary>Colour boxes of tracked persons by track id (stable colours per person). Default true.</summary>
    public bool ColorBoxesByTrack { get; set; } = true;

    /// <summary>Label text colour. Default black (on the box colour).</summary>
    public RgbColor TextColor { get; set; } = RgbColor.Black;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!float.IsFinite(KeypointThreshold))
        {
            throw new ArgumentException($"{nameof(KeypointThreshold)} must be a finite number (was {KeypointThreshold}).");
        }

        if (LineThickness is < 1 or > 32)
        {
            throw new ArgumentException($"{nameof(LineThickness)} must be between 1 and 32 (was {LineThickness}).");
        }

        if (PointRadius is < 0 or > 32)
        {
            throw new ArgumentException($"{nameof(PointRadius)} must be between 0 and 32 (was {PointRadius}).");
        }

        if (BoxThickness is < 1 or > 32)
        {
            throw new ArgumentException($"{nameof(BoxThickness)} must be between 1 and 32 (was {BoxThickness}).");
        }

        if (FontScale is < 1 or > 16)
        {
            throw new ArgumentException($"{nameof(FontScale)} must be between 1 and 16 (was {FontScale}).");
        }
    }

    /// <summary>A copy of these options.</summary>
    public SkeletonRendererOptions Clone() => (SkeletonRendererOptions)MemberwiseClone();
}
