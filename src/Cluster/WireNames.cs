using PoseCluster.Cluster.Access;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Registry;

namespace PoseCluster.Cluster;

/// <summary>The lower-case names enums have in the store, on the command line and in messages.</summary>
public static class WireNames
{
    /// <summary><c>gpu</c> / <c>nuc</c>.</summary>
    public static string Of(NodeClass value) => value == NodeClass.Gpu ? "gpu" : "nuc";

    /// <summary><c>cuda</c> / <c>cpu</c>.</summary>
    public static string Of(ExecutionDevice value) => value == ExecutionDevice.Cuda ? "cuda" : "cpu";

    /// <summary><c>active</c> / <c>leaving</c> / <c>left</c> / <c>dead</c>.</summary>
    public static string Of(SiloStatus value) => value switch
    {
        SiloStatus.Active => "active",
        SiloStatus.Leaving => "leaving",
        SiloStatus.Left => "left",
        _ => "dead",
    };

    /// <summary><c>any</c> / <c>gpu</c> / <c>nuc</c>.</summary>
    public static string Of(NodeClassRequirement value) => value switch
    {
        NodeClassRequirement.Gpu => "gpu",
        NodeClassRequirement.Nuc => "nuc",
        _ => "any",
    };

    /// <summary>Parses <c>gpu</c> / <c>nuc</c>.</summary>
    public static NodeClass ParseNodeClass(string text) => text.Trim().ToLowerInvariant() switch
    {
        "gpu" => NodeClass.Gpu,
        "nuc" => NodeClass.Nuc,
        _ => throw new ClusterException(ClusterErrorCode.Invalid, $"Unknown node class '{text}' (expected gpu or nuc)."),
    };

    /// <summary>Parses <c>cuda</c> / <c>cpu</c>.</summary>
    public static ExecutionDevice ParseDevice(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cuda" => ExecutionDevice.Cuda,
        "cpu" => ExecutionDevice.Cpu,
        _ => throw new ClusterException(ClusterErrorCode.Invalid, $"Unknown device '{text}' (expected cuda or cpu)."),
    };

    /// <summary>Parses a silo status name.</summary>
    public static SiloStatus ParseSiloStatus(string text) => text.Trim().ToLowerInvariant() switch
    {
        "active" => SiloStatus.Active,
        "leaving" => SiloStatus.Leaving,
        "left" => SiloStatus.Left,
        "dead" => SiloStatus.Dead,
        _ => throw new ClusterException(ClusterErrorCode.Invalid, $"Unknown silo status '{text}'."),
    };

    /// <summary>Parses <c>any</c> / <c>gpu</c> / <c>nuc</c>.</summary>
    public static NodeClassRequirement ParseRequirement(string text) => text.Trim().ToLowerInvariant() switch
    {
        "any" or "" => NodeClassRequirement.Any,
        "gpu" => NodeClassRequirement.Gpu,
        "nuc" => NodeClassRequirement.Nuc,
        _ => throw new ClusterException(ClusterErrorCode.Invalid, $"Unknown node class requirement '{text}' (expected any, gpu or nuc)."),
    };

    /// <summary><c>admin</c> / <c>viewer</c>.</summary>
    public static string Of(AccessRole value) => value == AccessRole.Admin ? "admin" : "viewer";

    /// <summary>Parses <c>admin</c> / <c>viewer</c>.</summary>
    public static AccessRole ParseRole(string text) => text.Trim().ToLowerInvariant() switch
    {
        "admin" => AccessRole.Admin,
        "viewer" => AccessRole.Viewer,
        _ => throw new ClusterException(ClusterErrorCode.Invalid, $"Unknown role '{text}' (expected admin or viewer)."),
    };
}
