using PoseCluster.Pose.Models;

namespace PoseCluster.AppHost.Setup;

/// <summary>
/// The idempotent set-up: Debian packages, the ONNX Runtime library, the catalog's models. Each step checks first
/// and does nothing when its part is already in place, so verbs can call it implicitly.
/// </summary>
internal static class EnvironmentSetup
{
    /// <summary>A quick check (no network, no hashing) that the engine can run.</summary>
    public static async Task<IReadOnlyList<string>> MissingPiecesAsync(SetupProfile profile, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var packages = await DebianPackages.MissingAsync(Packages(profile), cancellationToken);
        missing.AddRange(packages.Select(p => $"Debian package {p}"));
        if (!OnnxRuntimeInstaller.IsInstalled)
        {
            missing.Add("ONNX Runtime library");
        }

        missing.AddRange(ModelInstaller.Missing(ModelCatalog.Load()).Select(m => $"model {m.Id}"));
        return missing;
    }

    /// <summary>Runs set-up only when something is missing (what the other verbs call).</summary>
    public static async Task EnsureAsync(SetupProfile profile, string? modelsFrom, CancellationToken cancellationToken)
    {
        var missing = await MissingPiecesAsync(profile, cancellationToken);
        if (missing.Count > 0)
        {
            Console.WriteLine($"setup: missing {string.Join(", ", missing)}; installing.");
            await RunAsync(profile, modelsFrom, cancellationToken);
        }
    }

    /// <summary>Installs everything for <paramref name="profile"/>.</summary>
    public static async Task RunAsync(SetupProfile profile, string? modelsFrom, CancellationToken cancellationToken)
    {
        await DebianPackages.InstallAsync(await DebianPackages.MissingAsync(Packages(profile), cancellationToken), cancellationToken);
        await OnnxRuntimeInstaller.EnsureAsync(cancellationToken);
        InstallModels(modelsFrom);
    }

    private static IEnumerable<string> Packages(SetupProfile profile) =>
        profile == SetupProfile.Development ? [.. DebianPackages.Runtime, .. DebianPackages.Development] : DebianPackages.Runtime;

    private static void InstallModels(string? modelsFrom)
    {
        var catalog = ModelCatalog.Load();
        var missing = ModelInstaller.Missing(catalog);
        if (missing.Count == 0)
        {
            return;
        }

        var source = ModelInstaller.DefaultSource(modelsFrom) ?? throw new SetupException(
            $"{missing.Count} catalog model(s) are not installed and no model folder was found. Put the model files in a folder laid out as " +
            $"the catalog's 'file' paths (each entry's 'source' says where the model comes from) and run `./posecluster setup --models-from DIR` " +
            $"(or set {ModelInstaller.SourceEnvironmentVariable}).");

        foreach (var result in ModelInstaller.Install(catalog, source, missing.Select(m => m.Id).ToList()))
        {
            Console.WriteLine($"setup: model {result.Id}: {result.Outcome} ({result.Detail})");
            if (result.Outcome is ModelInstallOutcome.ChecksumMismatch or ModelInstallOutcome.MissingInSource)
            {
                throw new SetupException($"Model {result.Id} could not be installed: {result.Detail}.");
            }
        }
    }
}
