namespace PoseCluster.ModelTools.Fp16;

/// <summary>Options of the float16 conversion. Model inputs and outputs always stay float32 (Cast nodes at the edges).</summary>
public sealed class Fp16ConversionOptions
{
    /// <summary>
    /// Operators kept in float32 (their float inputs are cast back). Default: operators whose float16 definition is
    /// missing or numerically fragile (Range, NonMaxSuppression, RoiAlign, the random generators).
    /// </summary>
    public ISet<string> KeepFloat32Ops { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Range", "NonMaxSuppression", "RoiAlign", "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Multinomial",
    };

    /// <summary>Node names (or first output names) kept in float32. Default none.</summary>
    public IList<string> ExcludedNodes { get; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (KeepFloat32Ops.Any(string.IsNullOrWhiteSpace) || ExcludedNodes.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{nameof(KeepFloat32Ops)} and {nameof(ExcludedNodes)} must not contain empty names.");
        }
    }
}
