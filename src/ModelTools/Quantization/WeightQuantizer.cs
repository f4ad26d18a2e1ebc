namespace PoseCluster.ModelTools.Quantization;

/// <summary>Symmetric per-channel int8 weights (range ±127, zero point 0) and the matching int32 biases.</summary>
internal static class WeightQuantizer
{
    /// <summary>Quantises <paramref name="weights"/> of shape <paramref name="dims"/> with one scale per index of <paramref name="axis"/>.</summary>
    public static (sbyte[] Quantized, float[] Scales) PerChannel(float[] weights, long[] dims, int axis)
    {
        var channels = (int)dims[axis];
        var inner = (int)dims.Skip(axis + 1).Aggregate(1L, (a, b) => a * b);
        var absMax = new float[channels];
        for (var i = 0; i < weights.Length; i++)
        {
            var c = i / inner % channels;
            absMax[c] = MathF.Max(absMax[c], MathF.Abs(weights[i]));
        }

        // An all-zero channel quantises to zeros whatever the scale; 1 keeps the bias scale finite.
        var scales = absMax.Select(m => m > 0f ? m / 127f : 1f).ToArray();
        var q = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var c = i / inner % channels;
            q[i] = (sbyte)Math.Clamp(MathF.Round(weights[i] / scales[c]), -127f, 127f);
        }

        return (q, scales);
    }

    /// <summary>int32 bias with scale input scale x weight scale per output channel (what integer kernels accumulate in).</summary>
    public static (int[] Quantized, float[] Scales) Bias(float[] bias, float inputScale, float[] weightScales)
    {
        var scales = new float[bias.Length];
        var q = new int[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            scales[c] = inputScale * weightScales[weightScales.Length == 1 ? 0 : c];
            q[c] = (int)Math.Clamp(Math.Round(bias[c] / (double)scales[c]), int.MinValue, int.MaxValue);
        }

        return (q, scales);
    }
}
