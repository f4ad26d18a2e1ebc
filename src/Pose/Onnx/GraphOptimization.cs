namespace PoseCluster.Pose.Onnx;

/// <summary>ONNX Runtime graph optimisation levels (<c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimization
{
    /// <summary>No graph rewrites.</summary>
    Disabled = 0,
    /// <summary>Constant folding and redundant node elimination.</summary>
    Basic = 1,
    /// <summary>Basic plus node fusions.</summary>
    Extended = 2,
    /// <summary>Everything, including layout transformations (NCHWc kernels on CPU): the fastest on x86.</summary>
    All = 99,
}
