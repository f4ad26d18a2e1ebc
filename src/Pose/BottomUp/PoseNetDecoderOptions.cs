using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.BottomUp;

/// <summary>Constants of PoseNet multi-person decoding, read from a <c>bodypix</c> catalog entry's <c>decode</c> section.</summary>
public sealed record PoseNetDecoderOptions
{
    /// <summary>Input pixels per output cell (<c>outputStride</c>, default 16).</summary>
    public int OutputStride { get; init; } = 16;

    /// <summary>Root parts need at least this (sigmoid) score (<c>scoreThreshold</c>, default 0.25).</summary>
    public float ScoreThreshold { get; init; } = 0.25f;

    /// <summary>Non-maximum suppression radius in input pixels (<c>nmsRadius</c>, default 20).</summary>
    public float NmsRadius { get; init; } = 20f;

    /// <summary>A root must be the maximum of its (2r + 1)^2 window (<c>localMaximumRadius</c>, default 1).</summary>
    public int LocalMaximumRadius { get; init; } = 1;

    /// <summary>Short-offset refinement steps after each displacement (<c>refineSteps</c>, default 2).</summary>
    public int RefineSteps { get; init; } = 2;

    /// <summary>Most persons decoded (<c>maxPersons</c>, default 20).</summary>
    public int MaxPersons { get; init; } = 20;

    /// <summary>Output names (<c>heatmapsOutput</c>, <c>offsetsOutput</c>, <c>displacementFwdOutput</c>, <c>displacementBwdOutput</c>).</summary>
    public string HeatmapsOutput { get; init; } = "heatmaps";

    /// <summary>Short offsets output name.</summary>
    public string OffsetsOutput { get; init; } = "short_offsets";

    /// <summary>Forward displacements output name.</summary>
    public string DisplacementFwdOutput { get; init; } = "displacement_fwd";

    /// <summary>Backward displacements output name.</summary>
    public string DisplacementBwdOutput { get; init; } = "displacement_bwd";

    /// <summary>Reads the options of a catalog entry's decode section.</summary>
    public static PoseNetDecoderOptions FromCatalog(DecodeParameters decode)
    {
        var options = new PoseNetDecoderOptions
        {
            OutputStride = decode.Integer("outputStride", 16),
            ScoreThreshold = (float)decode.Number("scoreThreshold", 0.25),
            NmsRadius = (float)decode.Number("nmsRadius", 20),
            LocalMaximumRadius = decode.Integer("localMaximumRadius", 1),
            RefineSteps = decode.Integer("refineSteps", 2),
            MaxPersons = decode.Integer("maxPersons", 20),
            HeatmapsOutput = decode.Text("heatmapsOutput", "heatmaps"),
            OffsetsOutput = decode.Text("offsetsOutput", "short_offsets"),
            DisplacementFwdOutput = decode.Text("displacementFwdOutput", "displacement_fwd"),
            DisplacementBwdOutput = decode.Text("displacementBwdOutput", "displacement_bwd"),
        };
        if (options.OutputStride < 1 || options.LocalMaximumRadius < 0 || options.RefineSteps < 0 || options.MaxPersons < 1)
        {
            throw new ModelCatalogException("BodyPix decode parameters: outputStride and maxPersons must be positive, radii and steps not negative.");
        }

        return options;
    }
}
