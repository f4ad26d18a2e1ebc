using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.TopDown;

/// <summary>
/// The top-down crop convention (HRNet/SimpleBaseline): the box centre, the box expanded to the model's aspect
/// (w / h) and scaled (x1.25), mapped onto the model input centre to centre.
/// </summary>
public static class PersonCrop
{
    /// <summary>The sampling plan that warps the crop of <paramref name="box"/> into a <paramref name="inputWidth"/> x <paramref name="inputHeight"/> input.</summary>
    public static SamplingPlan Plan(in BoundingBox box, float aspect, float scale, int inputWidth, int inputHeight)
    {
        var w = box.X2 - box.X1;
        var h = box.Y2 - box.Y1;
        var cx = box.X1 + (w * 0.5f);
        var cy = box.Y1 + (h * 0.5f);
        if (w > aspect * h)
        {
            h = w / aspect;
        }
        else if (w < aspect * h)
        {
            w = h * aspect;
        }

        // A degenerate box still yields a valid (tiny) region rather than a division by zero.
        return SamplingPlan.Crop(cx, cy, MathF.Max(w * scale, 1f), inputWidth, inputHeight);
    }
}
