using PoseCluster.Cluster.Sites;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Calibrations, floor zones, site history and webhooks.</summary>
internal sealed partial class SqliteClusterStore
{
    public Task<CameraCalibration> SetCalibrationAsync(Guid cameraId, CalibrationDefinition calibration, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<CameraCalibration?> GetCalibrationAsync(Guid cameraId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<IReadOnlyList<CameraCalibration>> ListCalibrationsAsync(Guid? siteId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<bool> DeleteCalibrationAsync(Guid cameraId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<SiteZoneRecord> AddSiteZoneAsync(Guid siteId, SiteZoneDefinition zone, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<SiteZoneRecord> UpdateSiteZoneAsync(Guid zoneId, SiteZoneDefinition zone, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<SiteZoneRecord?> GetSiteZoneAsync(Guid zoneId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<IReadOnlyList<SiteZoneRecord>> ListSiteZonesAsync(Guid? siteId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<bool> DeleteSiteZoneAsync(Guid zoneId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<int> AppendSiteEventsAsync(Guid siloId, long epoch, IReadOnlyList<SiteEventRecord> events, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<IReadOnlyList<SiteEventRecord>> ListSiteEventsAsync(SiteEventQuery query, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<int> AppendSiteActivityAsync(IReadOnlyList<SiteActivitySample> samples, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<IReadOnlyList<SiteActivityBucket>> QuerySiteActivityAsync(SiteActivityQuery query, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<WebhookRecord> AddWebhookAsync(WebhookDefinition webhook, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<WebhookRecord> UpdateWebhookAsync(Guid webhookId, WebhookDefinition webhook, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<WebhookRecord?> GetWebhookAsync(Guid webhookId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<bool> DeleteWebhookAsync(Guid webhookId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task<string?> GetWebhookSecretAsync(Guid webhookId, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");

    public Task RecordWebhookDeliveryAsync(Guid webhookId, bool delivered, bool gaveUp, string status, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException("site store: pending");
}
