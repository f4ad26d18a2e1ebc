namespace PoseCluster.ModelTools.Quantization;

/// <summary>A model the tools cannot convert: the message names the operator (or the reason) and what to do.</summary>
public sealed class UnsupportedModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedModelException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
