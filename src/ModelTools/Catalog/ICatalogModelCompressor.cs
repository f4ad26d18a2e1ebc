namespace PoseCluster.ModelTools.Catalog;

/// <summary>
/// Makes int8 or fp16 variants of catalog models: writes them under <c>models/derived/</c>, never over the source,
/// and registers them in the local catalog overlay as <c>ID-int8</c> / <c>ID-fp16</c> with sha256 and provenance.
/// </summary>
public interface ICatalogModelCompressor
{
    /// <summary>Quantises <paramref name="modelId"/> to int8 (QDQ), calibrated on <see cref="DerivedModelOptions.CalibrationDirectory"/>.</summary>
    DerivedModelReport QuantizeInt8(string modelId, DerivedModelOptions options, CancellationToken cancellationToken = default);

    /// <summary>Converts <paramref name="modelId"/> to float16 (float32 inputs and outputs).</summary>
    DerivedModelReport ConvertFp16(string modelId, DerivedModelOptions options, CancellationToken cancellationToken = default);
}
