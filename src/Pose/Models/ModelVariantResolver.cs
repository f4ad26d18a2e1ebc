namespace PoseCluster.Pose.Models;

/// <summary>Maps a model id and a precision to the catalog entry of that precision (<c>ID-int8</c>, <c>ID-fp16</c>).</summary>
public static class ModelVariantResolver
{
    /// <summary>The catalog id suffix of a precision (empty for fp32).</summary>
    public static string Suffix(ModelPrecision precision) => precision switch
    {
        ModelPrecision.Int8 => "-int8",
        ModelPrecision.Fp16 => "-fp16",
        _ => string.Empty,
    };

    /// <summary>Parses <c>fp32</c>, <c>int8</c> or <c>fp16</c> (case-insensitive).</summary>
    public static ModelPrecision Parse(string text) =>
        Enum.TryParse<ModelPrecision>(text, ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p
            : throw new ArgumentException($"Precision '{text}' is not one of fp32, int8, fp16.");

    /// <summary>
    /// The id of <paramref name="modelId"/>'s variant at <paramref name="precision"/>. <see cref="ModelPrecision.Fp32"/>
    /// (the default) takes ids as given, so a pipeline can mix variants by naming them; an id that already names a
    /// variant of the requested precision is returned as is; a missing variant is an error that says how to create it.
    /// </summary>
    public static string Resolve(ModelCatalog catalog, string modelId, ModelPrecision precision)
    {
        var entry = catalog.Get(modelId);
        var wanted = precision.ToString().ToLowerInvariant();
        if (precision == ModelPrecision.Fp32 || entry.Precision == wanted)
        {
            return modelId;
        }

        var source = entry.DerivedFrom ?? modelId;
        var variant = source + Suffix(precision);

        if (!catalog.Contains(variant) || catalog.Get(variant).Precision != wanted)
        {
            var how = precision == ModelPrecision.Int8
                ? $"./posecluster models quantize {source} --int8 --calibration DIR (a folder of frames or videos, not the evaluation set)"
                : $"./posecluster models quantize {source} --fp16";
            throw new ModelCatalogException($"Model '{source}' has no {wanted} variant '{variant}' in the catalog. Create it with: {how}");
        }

        return variant;
    }
}
