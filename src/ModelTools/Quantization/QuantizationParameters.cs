namespace PoseCluster.ModelTools.Quantization;

/// <summary>Scale and zero point of a per-tensor activation quantisation: x = (q - zeroPoint) * scale.</summary>
/// <param name="Scale">Step size.</param>
/// <param name="ZeroPoint">Quantised value of 0.</param>
/// <param name="Unsigned">uint8 (true) or int8 (false).</param>
public readonly record struct QuantizationParameters(float Scale, int ZeroPoint, bool Unsigned)
{
    /// <summary>Parameters covering [<paramref name="min"/>, <paramref name="max"/>] (0 is always representable exactly).</summary>
    public static QuantizationParameters FromRange(float min, float max, ActivationQuantization encoding)
    {
        min = MathF.Min(min, 0f);
        max = MathF.Max(max, 0f);
        if (encoding == ActivationQuantization.Int8Symmetric)
        {
            var absMax = MathF.Max(-min, max);
            return new QuantizationParameters(absMax > 0f ? absMax / 127f : 1f, 0, Unsigned: false);
        }

        if (max - min <= 0f)
        {
            return new QuantizationParameters(1f, 0, Unsigned: true);
        }

        var scale = (max - min) / 255f;
        var zero = (int)Math.Clamp(MathF.Round(-min / scale), 0, 255);
        return new QuantizationParameters(scale, zero, Unsigned: true);
    }
}
