namespace PoseCluster.ModelTools.Calibration;

/// <summary>One input tensor of a model run: float32 or int32 data in the model's declared layout.</summary>
public sealed record ModelInputTensor
{
    /// <summary>Input name.</summary>
    public required string Name { get; init; }

    /// <summary>Shape.</summary>
    public required long[] Shape { get; init; }

    /// <summary>Float32 data, or null for an int32 input.</summary>
    public float[]? Floats { get; init; }

    /// <summary>Int32 data, or null for a float32 input.</summary>
    public int[]? Ints { get; init; }
}
