using System.Text.Json;

namespace PoseCluster.Pose.Evaluation;

/// <summary>An entry of a COCO dataset's <c>images</c> list.</summary>
public sealed record CocoImage
{
    /// <summary>Image id (COCO ids can exceed 32 bits).</summary>
    public required long Id { get; init; }

    /// <summary>The <c>file_name</c> field, relative to the dataset file.</summary>
    public required string FileName { get; init; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; }

    /// <summary>Every other field of the entry (for example <c>png_file_name</c>, <c>source</c>, <c>sha256</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtraFields { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>The <c>png_file_name</c> extra field (a lossless copy of the decoded image), or null when absent.</summary>
    public string? PngFileName =>
        ExtraFields.TryGetValue("png_file_name", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
