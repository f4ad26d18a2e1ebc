namespace PoseCluster.Pose;

/// <summary>An axis-aligned box in image pixels (corners).</summary>
/// <param name="X1">Left.</param>
/// <param name="Y1">Top.</param>
/// <param name="X2">Right.</param>
/// <param name="Y2">Bottom.</param>
public readonly record struct BoundingBox(float X1, float Y1, float X2, float Y2)
{
    /// <summary>Width (never negative).</summary>
    public float Width => MathF.Max(0f, X2 - X1);

    /// <summary>Height (never negative).</summary>
    public float Height => MathF.Max(0f, Y2 - Y1);

    /// <summary>Area.</summary>
    public float Area => Width * Height;

    /// <summary>Centre x.</summary>
    public float CenterX => (X1 + X2) * 0.5f;

    /// <summary>Centre y.</summary>
    public float CenterY => (Y1 + Y2) * 0.5f;

    /// <summary>Creates a box from its top-left corner and size.</summary>
    public static BoundingBox FromXywh(float x, float y, float w, float h) => new(x, y, x + w, y + h);

    /// <summary>Intersection over union with <paramref name="other"/>.</summary>
    public float IoU(in BoundingBox other)
    {
        var iw = MathF.Min(X2, other.X2) - MathF.Max(X1, other.X1);
        var ih = MathF.Min(Y2, other.Y2) - MathF.Max(Y1, other.Y1);
        if (iw <= 0f || ih <= 0f)
        {
            return 0f;
        }

        var inter = iw * ih;
        return inter / (Area + other.Area - inter);
    }

    /// <summary>This box clipped to an image of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public BoundingBox Clip(int width, int height) =>
        new(Math.Clamp(X1, 0f, width), Math.Clamp(Y1, 0f, height), Math.Clamp(X2, 0f, width), Math.Clamp(Y2, 0f, height));

    /// <summary>The tight box around the keypoints with score above <paramref name="minScore"/>; empty when none.</summary>
    public static BoundingBox Around(ReadOnlySpan<Keypoint> keypoints, float minScore = 0f)
    {
        float x1 = float.MaxValue, y1 = float.MaxValue, x2 = float.MinValue, y2 = float.MinValue;
        var any = false;
        foreach (var k in keypoints)
        {
            if (k.Score <= minScore)
            {
                continue;
            }

            any = true;
            x1 = MathF.Min(x1, k.X);
            y1 = MathF.Min(y1, k.Y);
            x2 = MathF.Max(x2, k.X);
            y2 = MathF.Max(y2, k.Y);
        }

        return any ? new BoundingBox(x1, y1, x2, y2) : default;
    }
}
