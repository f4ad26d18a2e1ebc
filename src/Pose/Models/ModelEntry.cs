namespace PoseCluster.Pose.Models;

/// <summary>One model of the catalog: identity, family, file and checksum, input contract, decoding constants, provenance.</summary>
public sealed record ModelEntry
{
    /// <summary>Catalog id, e.g. <c>yolox-nano-416</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Family that decides the decoder, e.g. <c>yolox</c>, <c>heatmap</c>, <c>openpose-paf</c>.</summary>
    public required string Family { get; init; }

    /// <summary>What the model does: <c>person-detection</c>, <c>pose-topdown</c> or <c>pose-bottomup</c>.</summary>
    public required string Task { get; init; }

    /// <summary>File path relative to the models folder.</summary>
    public required string File { get; init; }

    /// <summary>Expected sha256 of the file (lower-case hex).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Expected size in bytes (0 when unknown).</summary>
    public long Size { get; init; }

    /// <summary>Input contract.</summary>
    public required InputContract Input { get; init; }

    /// <summary>Family-specific decoding constants.</summary>
    public DecodeParameters Decode { get; init; } = new();

    /// <summary>Floating-point work per inference at the catalog input size, in GFLOPs (2 x multiply-accumulates).</summary>
    public double GFlops { get; init; }

    /// <summary>License of the weights.</summary>
    public string License { get; init; } = "unknown";

    /// <summary>What the model is and who trained it.</summary>
    public string Origin { get; init; } = string.Empty;

    /// <summary>Where the file comes from (repository and path, or package).</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Precision of the weights: fp32, int8 or fp16.</summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>For derived models (quantised variants), the id of the model they were made from.</summary>
    public string? DerivedFrom { get; init; }
}
