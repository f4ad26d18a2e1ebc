namespace PoseCluster.Cluster.Registry;

/// <summary>Cameras and sites. Credentials are encrypted at rest and leave only through <see cref="GetCameraSourceAsync"/>.</summary>
public interface ICameraRegistry
{
    /// <summary>Adds a site; a duplicate name fails with <see cref="ClusterErrorCode.Conflict"/>.</summary>
    Task<SiteRecord> AddSiteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Renames a site.</summary>
    Task<SiteRecord> RenameSiteAsync(Guid siteId, string name, CancellationToken cancellationToken);

    /// <summary>A site by id, or null.</summary>
    Task<SiteRecord?> GetSiteAsync(Guid siteId, CancellationToken cancellationToken);

    /// <summary>All sites by name.</summary>
    Task<IReadOnlyList<SiteRecord>> ListSitesAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a site without cameras (false when absent); one with cameras fails with <see cref="ClusterErrorCode.Conflict"/>.</summary>
    Task<bool> DeleteSiteAsync(Guid siteId, CancellationToken cancellationToken);

    /// <summary>Adds a camera (credentials split out of the URL and encrypted).</summary>
    Task<CameraRecord> AddCameraAsync(CameraDefinition camera, CancellationToken cancellationToken);

    /// <summary>Replaces a camera's definition (credentials kept unless new ones are given or cleared).</summary>
    Task<CameraRecord> UpdateCameraAsync(Guid cameraId, CameraDefinition camera, CancellationToken cancellationToken);

    /// <summary>A camera by id, or null.</summary>
    Task<CameraRecord?> GetCameraAsync(Guid cameraId, CancellationToken cancellationToken);

    /// <summary>A camera by name, or null.</summary>
    Task<CameraRecord?> FindCameraAsync(string name, CancellationToken cancellationToken);

    /// <summary>Cameras by name, optionally only those of one site.</summary>
    Task<IReadOnlyList<CameraRecord>> ListCamerasAsync(Guid? siteId, CancellationToken cancellationToken);

    /// <summary>Deletes a camera (its history stays); false when absent.</summary>
    Task<bool> DeleteCameraAsync(Guid cameraId, CancellationToken cancellationToken);

    /// <summary>
    /// The camera's source with decrypted credentials, for the code that opens the stream and nothing else.
    /// Fails with <see cref="ClusterErrorCode.NotFound"/> for an unknown camera.
    /// </summary>
    Task<CameraSource> GetCameraSourceAsync(Guid cameraId, CancellationToken cancellationToken);
}
