namespace PoseCluster.Pose.Models;

/// <summary>The catalog is invalid, names an unknown model, or a model does not match its entry.</summary>
public sealed class ModelCatalogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelCatalogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public ModelCatalogException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
