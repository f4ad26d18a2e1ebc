namespace PoseCluster.Pose.Models;

/// <summary>
/// Installs catalog models from a folder laid out like the catalog's <c>file</c> paths (e.g. a copy of the project's
/// shared model folder), verifying each sha256. Idempotent: verified files are left alone.
/// </summary>
public static class ModelInstaller
{
    /// <summary>Environment variable naming the folder models are installed from.</summary>
    public const string SourceEnvironmentVariable = "POSECLUSTER_MODELS_FROM";

    /// <summary>The default source: the explicit folder, the environment variable, or <c>../shared/models</c> beside the home.</summary>
    public static string? DefaultSource(string? explicitSource = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitSource))
        {
            return Path.GetFullPath(explicitSource);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(SourceEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var root = PoseClusterHome.Root;
        if (root is null)
        {
            return null;
        }

        var beside = Path.GetFullPath(Path.Combine(root, "..", "shared", "models"));
        return Directory.Exists(beside) ? beside : null;
    }

    /// <summary>Whether every entry's file is present with the catalog's size (a cheap check; no hashing).</summary>
    public static IReadOnlyList<ModelEntry> Missing(ModelCatalog catalog) =>
        catalog.Entries.Where(e =>
        {
            var info = new FileInfo(catalog.PathOf(e));
            return !info.Exists || (e.Size > 0 && info.Length != e.Size);
        }).ToList();

    /// <summary>Installs every entry (or those in <paramref name="only"/>) from <paramref name="sourceDirectory"/>.</summary>
    public static IReadOnlyList<ModelInstallResult> Install(ModelCatalog catalog, string sourceDirectory, IReadOnlyCollection<string>? only = null)
    {
        if (!Directory.Exists(sourceDirectory))
        {
            throw new ModelCatalogException($"Model source folder '{sourceDirectory}' does not exist.");
        }

        var results = new List<ModelInstallResult>();
        foreach (var entry in catalog.Entries)
        {
            if (only is { Count: > 0 } && !only.Contains(entry.Id))
            {
                continue;
            }

            results.Add(InstallOne(catalog, entry, sourceDirectory));
        }

        return results;
    }

    private static ModelInstallResult InstallOne(ModelCatalog catalog, ModelEntry entry, string sourceDirectory)
    {
        var target = catalog.PathOf(entry);
        if (File.Exists(target))
        {
            try
            {
                ModelFileVerifier.Verify(entry, target);
                return new(entry.Id, ModelInstallOutcome.AlreadyInstalled, target);
            }
            catch (ModelCatalogException)
            {
                // A stale or damaged copy: replace it below.
            }
        }

        var source = Path.Combine(sourceDirectory, entry.File);
        if (!File.Exists(source))
        {
            return new(entry.Id, ModelInstallOutcome.MissingInSource, $"{source} not found");
        }

        var sha = ModelFileVerifier.Sha256Of(source);
        if (sha != entry.Sha256)
        {
            return new(entry.Id, ModelInstallOutcome.ChecksumMismatch, $"{source} has sha256 {sha}, the catalog expects {entry.Sha256}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var tmp = target + ".partial";
        File.Copy(source, tmp, overwrite: true);
        File.Move(tmp, target, overwrite: true);
        ModelFileVerifier.Verify(entry, target);
        return new(entry.Id, ModelInstallOutcome.Installed, $"{source} -> {target}");
    }
}
