namespace PoseCluster.Pose.Models;

/// <summary>Numeric precision of a model variant; catalog entries carry it as <c>precision</c>.</summary>
public enum ModelPrecision
{
    /// <summary>float32: the catalog's source models.</summary>
    Fp32,

    /// <summary>int8 (QDQ) variants <c>ID-int8</c>, for CPU nodes with integer kernels (AVX-512 VNNI, AVX2).</summary>
    Int8,

    /// <summary>float16 variants <c>ID-fp16</c>, for GPU nodes.</summary>
    Fp16,
}
