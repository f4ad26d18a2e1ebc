using PoseCluster.ModelTools.Quantization;
using PoseCluster.ModelTools.Verification;
using PoseCluster.Pose.Models;

namespace PoseCluster.ModelTools.Catalog;

/// <summary>What <see cref="ICatalogModelCompressor"/> made: the registered entry, its fidelity and its speed.</summary>
public sealed class DerivedModelReport
{
    /// <summary>The new local catalog entry.</summary>
    public required ModelEntry Entry { get; init; }

    /// <summary>Where the file was written.</summary>
    public required string Path { get; init; }

    /// <summary>Outputs of the derived model against the source on held-out samples.</summary>
    public required OutputComparison Fidelity { get; init; }

    /// <summary>Median inference time of the source model (ms, this machine, CPU).</summary>
    public required double SourceMilliseconds { get; init; }

    /// <summary>Median inference time of the derived model (ms, same run).</summary>
    public required double DerivedMilliseconds { get; init; }

    /// <summary>The quantisation details (int8 only).</summary>
    public QuantizationResult? Quantization { get; init; }
}
