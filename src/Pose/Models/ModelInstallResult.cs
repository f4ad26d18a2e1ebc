namespace PoseCluster.Pose.Models;

/// <summary>What installing one model did.</summary>
public enum ModelInstallOutcome
{
    /// <summary>Already installed and verified.</summary>
    AlreadyInstalled,
    /// <summary>Copied from the source folder and verified.</summary>
    Installed,
    /// <summary>The source folder does not hold the file.</summary>
    MissingInSource,
    /// <summary>The source file's checksum differs from the catalog: not installed.</summary>
    ChecksumMismatch,
}

/// <summary>The outcome for one catalog entry.</summary>
/// <param name="Id">Model id.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Detail">A human-readable detail (paths, checksums).</param>
public sealed record ModelInstallResult(string Id, ModelInstallOutcome Outcome, string Detail);
