using Microsoft.Data.Sqlite;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Registry;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Cameras and sites.</summary>
internal sealed partial class SqliteClusterStore
{
    public async Task<SiteRecord> AddSiteAsync(string name, CancellationToken cancellationToken)
    {
        ValidateSiteName(name);
        var id = Guid.CreateVersion7();
        return await WriteSiteAsync($"insert into cluster_sites (id, name, created_at, updated_at) values (@id, @n, {Now}, {Now})", id, name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("insert wrote no row");
    }

    public async Task<SiteRecord> RenameSiteAsync(Guid siteId, string name, CancellationToken cancellationToken)
    {
        ValidateSiteName(name);
        return await WriteSiteAsync($"update cluster_sites set name = @n, updated_at = {Now} where id = @id", siteId, name, cancellationToken).ConfigureAwait(false)
            ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site {siteId}.");
    }

    public Task<SiteRecord?> GetSiteAsync(Guid siteId, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadSite(connection, null, siteId), cancellationToken);

    public Task<IReadOnlyList<SiteRecord>> ListSitesAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SiteRecord>>(
            connection =>
            {
                using var read = Command(connection, null, $"select {SqliteRows.SiteColumns} from cluster_sites order by name");
                return SqliteRows.List(read, SqliteRows.Site);
            },
            cancellationToken);

    public async Task<bool> DeleteSiteAsync(Guid siteId, CancellationToken cancellationToken)
    {
        try
        {
            return await DeleteAsync("delete from cluster_sites where id = @id", siteId, ClusterChangeKind.Site, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsConstraint(e, "FOREIGN KEY"))
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"Site {siteId} still has cameras: move or delete them first.");
        }
    }

    public async Task<CameraRecord> AddCameraAsync(CameraDefinition camera, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(camera);
        camera.Validate();
        var id = Guid.CreateVersion7();
        var (url, fromUrl) = CameraSourceUrl.Split(camera.SourceUrl);
        var credentials = camera.Credentials ?? fromUrl;
        var encrypted = credentials is null ? null : _protector.Protect(credentials, id);
        return await WriteCameraAsync(
            "insert into cluster_cameras (id, name, site_id, source_url, credentials_encrypted, target_fps, pipeline, required_class, enabled, created_at, updated_at) "
            + $"values (@id, @n, @site, @url, @cred, @fps, @p, @rc, @en, {Now}, {Now})",
            id,
            camera,
            url,
            encrypted,
            keepCredentials: false,
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("insert wrote no row");
    }

    public async Task<CameraRecord> UpdateCameraAsync(Guid cameraId, CameraDefinition camera, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(camera);
        camera.Validate();
        var (url, fromUrl) = CameraSourceUrl.Split(camera.SourceUrl);
        var credentials = camera.Credentials ?? fromUrl;
        var encrypted = credentials is null ? null : _protector.Protect(credentials, cameraId);
        var keep = credentials is null && !camera.ClearCredentials;
        return await WriteCameraAsync(
            "update cluster_cameras set name = @n, site_id = @site, source_url = @url, "
            + "credentials_encrypted = case when @keep then credentials_encrypted else @cred end, "
            + $"target_fps = @fps, pipeline = @p, required_class = @rc, enabled = @en, updated_at = {Now} where id = @id",
            cameraId,
            camera,
            url,
            encrypted,
            keep,
            cancellationToken).ConfigureAwait(false) ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no camera {cameraId}.");
    }

    public Task<CameraRecord?> GetCameraAsync(Guid cameraId, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadCamera(connection, null, "id = @k", SqliteRows.Id(cameraId)), cancellationToken);

    public Task<CameraRecord?> FindCameraAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadCamera(connection, null, "name = @k", name), cancellationToken);

    public Task<IReadOnlyList<CameraRecord>> ListCamerasAsync(Guid? siteId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<CameraRecord>>(
            connection =>
            {
                using var read = Command(connection, null, $"select {SqliteRows.CameraColumns} from cluster_cameras where @site is null or site_id = @site order by name")
                    .With("@site", siteId is { } s ? SqliteRows.Id(s) : null);
                return SqliteRows.List(read, SqliteRows.Camera);
            },
            cancellationToken);

    public Task<bool> DeleteCameraAsync(Guid cameraId, CancellationToken cancellationToken) =>
        DeleteAsync("delete from cluster_cameras where id = @id", cameraId, ClusterChangeKind.Camera, cancellationToken);

    public Task<CameraSource> GetCameraSourceAsync(Guid cameraId, CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var read = Command(connection, null, "select source_url, credentials_encrypted from cluster_cameras where id = @id").With("@id", SqliteRows.Id(cameraId));
                var rows = SqliteRows.List(read, r => (Url: r.GetString(0), Blob: r.IsDBNull(1) ? null : (byte[])r.GetValue(1)));
                if (rows.Count == 0)
                {
                    throw new ClusterException(ClusterErrorCode.NotFound, $"There is no camera {cameraId}.");
                }

                var (url, blob) = rows[0];
                return new CameraSource(cameraId, url, blob is null ? null : _protector.Unprotect(blob, cameraId));
            },
            cancellationToken);

    private static void ValidateSiteName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A site needs a name of 1-200 characters.");
        }
    }

    private static SiteRecord? ReadSite(SqliteConnection connection, SqliteTransaction? tx, Guid id)
    {
        using var read = Command(connection, tx, $"select {SqliteRows.SiteColumns} from cluster_sites where id = @id").With("@id", SqliteRows.Id(id));
        return SqliteRows.List(read, SqliteRows.Site).FirstOrDefault();
    }

    private static CameraRecord? ReadCamera(SqliteConnection connection, SqliteTransaction? tx, string where, object key)
    {
        using var read = Command(connection, tx, $"select {SqliteRows.CameraColumns} from cluster_cameras where {where}").With("@k", key);
        return SqliteRows.List(read, SqliteRows.Camera).FirstOrDefault();
    }

    private async Task<SiteRecord?> WriteSiteAsync(string sql, Guid id, string name, CancellationToken cancellationToken)
    {
        try
        {
            var site = await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using var write = Command(connection, tx, sql).With("@id", SqliteRows.Id(id)).With("@n", name);
                    if (write.ExecuteNonQuery() != 1)
                    {
                        return null;
                    }

                    var row = ReadSite(connection, tx, id);
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
            if (site is not null)
            {
                Publish(new ClusterChange(ClusterChangeKind.Site, SqliteRows.Id(id)));
            }

            return site;
        }
        catch (SqliteException e) when (IsConstraint(e, "UNIQUE"))
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"A site named '{name}' already exists.");
        }
    }

    private async Task<CameraRecord?> WriteCameraAsync(
        string sql, Guid id, CameraDefinition camera, string url, byte[]? encrypted, bool keepCredentials, CancellationToken cancellationToken)
    {
        try
        {
            var record = await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using var write = Command(connection, tx, sql)
                        .With("@id", SqliteRows.Id(id)).With("@n", camera.Name).With("@site", camera.SiteId is { } s ? SqliteRows.Id(s) : null)
                        .With("@url", url).With("@cred", encrypted).With("@keep", keepCredentials ? 1 : 0).With("@fps", camera.TargetFps)
                        .With("@p", camera.Pipeline).With("@rc", WireNames.Of(camera.RequiredClass)).With("@en", camera.Enabled ? 1 : 0);
                    if (write.ExecuteNonQuery() != 1)
                    {
                        return null;
                    }

                    var row = ReadCamera(connection, tx, "id = @k", SqliteRows.Id(id));
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                Publish(new ClusterChange(ClusterChangeKind.Camera, SqliteRows.Id(id)));
            }

            return record;
        }
        catch (SqliteException e) when (IsConstraint(e, "UNIQUE"))
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"A camera named '{camera.Name}' already exists.");
        }
        catch (SqliteException e) when (IsConstraint(e, "FOREIGN KEY"))
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site {camera.SiteId}.");
        }
    }

    private async Task<bool> DeleteAsync(string sql, Guid id, ClusterChangeKind kind, CancellationToken cancellationToken)
    {
        var deleted = await RunAsync(
            connection =>
            {
                using var delete = Command(connection, null, sql).With("@id", SqliteRows.Id(id));
                return delete.ExecuteNonQuery() == 1;
            },
            cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            Publish(new ClusterChange(kind, SqliteRows.Id(id)));
        }

        return deleted;
    }
}
