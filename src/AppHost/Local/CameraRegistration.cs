using PoseCluster.Cluster.Registry;

namespace PoseCluster.AppHost.Local;

/// <summary>Idempotent camera registration: running it twice registers nothing twice (cameras are matched by name).</summary>
internal static class CameraRegistration
{
    /// <summary>Adds the cameras that are missing, updates those that differ and leaves the rest alone.</summary>
    public static async Task<CameraRegistrationResult> EnsureAsync(ICameraRegistry registry, IEnumerable<CameraDefinition> definitions, CancellationToken cancellationToken)
    {
        var cameras = new List<CameraRecord>();
        int added = 0, updated = 0, unchanged = 0;
        foreach (var definition in definitions)
        {
            var existing = await registry.FindCameraAsync(definition.Name, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                cameras.Add(await registry.AddCameraAsync(definition, cancellationToken).ConfigureAwait(false));
                added++;
            }
            else if (existing.SourceUrl != definition.SourceUrl || Math.Abs(existing.TargetFps - definition.TargetFps) > 1e-9
                || existing.Pipeline != definition.Pipeline || existing.RequiredClass != definition.RequiredClass || existing.Enabled != definition.Enabled)
            {
                cameras.Add(await registry.UpdateCameraAsync(existing.Id, definition, cancellationToken).ConfigureAwait(false));
                updated++;
            }
            else
            {
                cameras.Add(existing);
                unchanged++;
            }
        }

        return new CameraRegistrationResult(cameras, added, updated, unchanged);
    }
}
