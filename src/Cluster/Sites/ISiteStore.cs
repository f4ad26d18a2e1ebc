namespace PoseCluster.Cluster.Sites;

/// <summary>
/// Site aggregation data: camera calibrations, floor-plan zones, the fenced event and activity history written by site
/// grains, and webhooks with their delivery counters.
/// </summary>
public interface ISiteStore
{
    /// <summary>Sets (inserts or replaces) a camera's calibration; <see cref="ClusterErrorCode.NotFound"/> for an unknown camera.</summary>
    Task<CameraCalibration> SetCalibrationAsync(Guid cameraId, CalibrationDefinition calibration, CancellationToken cancellationToken);

    /// <summary>A camera's calibration, or null.</summary>
    Task<CameraCalibration?> GetCalibrationAsync(Guid cameraId, CancellationToken cancellationToken);

    /// <summary>The calibrations of a site's cameras, or of every camera when <paramref name="siteId"/> is null.</summary>
    Task<IReadOnlyList<CameraCalibration>> ListCalibrationsAsync(Guid? siteId, CancellationToken cancellationToken);

    /// <summary>Deletes a camera's calibration; false when it had none.</summary>
    Task<bool> DeleteCalibrationAsync(Guid cameraId, CancellationToken cancellationToken);

    /// <summary>Adds a floor zone; <see cref="ClusterErrorCode.NotFound"/> for an unknown site, <see cref="ClusterErrorCode.Conflict"/> for a duplicate name.</summary>
    Task<SiteZoneRecord> AddSiteZoneAsync(Guid siteId, SiteZoneDefinition zone, CancellationToken cancellationToken);

    /// <summary>Replaces a floor zone; <see cref="ClusterErrorCode.NotFound"/> when absent, <see cref="ClusterErrorCode.Conflict"/> for a duplicate name.</summary>
    Task<SiteZoneRecord> UpdateSiteZoneAsync(Guid zoneId, SiteZoneDefinition zone, CancellationToken cancellationToken);

    /// <summary>A floor zone by id, or null.</summary>
    Task<SiteZoneRecord?> GetSiteZoneAsync(Guid zoneId, CancellationToken cancellationToken);

    /// <summary>The floor zones of a site (or of every site when null), by site then name.</summary>
    Task<IReadOnlyList<SiteZoneRecord>> ListSiteZonesAsync(Guid? siteId, CancellationToken cancellationToken);

    /// <summary>Deletes a floor zone; false when absent.</summary>
    Task<bool> DeleteSiteZoneAsync(Guid zoneId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends events, fenced like the camera history: accepted only when (site, <paramref name="siloId"/>,
    /// <paramref name="epoch"/>) is the site grain's current assignment; an event id already stored is skipped.
    /// Returns the number of events stored.
    /// </summary>
    Task<int> AppendSiteEventsAsync(Guid siloId, long epoch, IReadOnlyList<SiteEventRecord> events, CancellationToken cancellationToken);

    /// <summary>A site's events in a range, newest first (an invalid query fails with <see cref="ClusterErrorCode.Invalid"/>).</summary>
    Task<IReadOnlyList<SiteEventRecord>> ListSiteEventsAsync(SiteEventQuery query, CancellationToken cancellationToken);

    /// <summary>Appends activity rows, fenced per row by the site grain's assignment; returns the rows stored (a duplicate (site, zone, timestamp) is skipped).</summary>
    Task<int> AppendSiteActivityAsync(IReadOnlyList<SiteActivitySample> samples, CancellationToken cancellationToken);

    /// <summary>History summed per zone and bucket, ordered by bucket then zone; buckets without rows are left out.</summary>
    Task<IReadOnlyList<SiteActivityBucket>> QuerySiteActivityAsync(SiteActivityQuery query, CancellationToken cancellationToken);

    /// <summary>Adds a webhook.</summary>
    Task<WebhookRecord> AddWebhookAsync(WebhookDefinition webhook, CancellationToken cancellationToken);

    /// <summary>Replaces a webhook's settings (a null secret keeps the stored one); <see cref="ClusterErrorCode.NotFound"/> when absent.</summary>
    Task<WebhookRecord> UpdateWebhookAsync(Guid webhookId, WebhookDefinition webhook, CancellationToken cancellationToken);

    /// <summary>A webhook, or null.</summary>
    Task<WebhookRecord?> GetWebhookAsync(Guid webhookId, CancellationToken cancellationToken);

    /// <summary>Every webhook, by name.</summary>
    Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a webhook; false when absent.</summary>
    Task<bool> DeleteWebhookAsync(Guid webhookId, CancellationToken cancellationToken);

    /// <summary>A webhook's signing secret (for the deliverer only: never shown), or null.</summary>
    Task<string?> GetWebhookSecretAsync(Guid webhookId, CancellationToken cancellationToken);

    /// <summary>Records a delivery outcome: counts a delivered or given-up event and keeps the last status and time.</summary>
    Task RecordWebhookDeliveryAsync(Guid webhookId, bool delivered, bool gaveUp, string status, DateTimeOffset at, CancellationToken cancellationToken);
}
