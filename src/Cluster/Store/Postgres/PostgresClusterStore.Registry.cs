using Npgsql;
using NpgsqlTypes;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Registry;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Cameras and sites.</summary>
internal sealed partial class PostgresClusterStore
{
    public async Task<SiteRecord> AddSiteAsync(string name, CancellationToken cancellationToken)
    {
        ValidateSiteName(name);
        var id = Guid.CreateVersion7();
        try
        {
            return await WriteSiteAsync(
                "insert into cluster_sites (id, name) values (@id, @n) returning " + PostgresRows.SiteColumns, id, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("insert returned no row");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"A site named '{name}' already exists.");
        }
    }

    public async Task<SiteRecord> RenameSiteAsync(Guid siteId, string name, CancellationToken cancellationToken)
    {
        ValidateSiteName(name);
        try
        {
            return await WriteSiteAsync(
                "update cluster_sites set name = @n, updated_at = now() where id = @id returning " + PostgresRows.SiteColumns, siteId, name, cancellationToken).ConfigureAwait(false)
                ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site {siteId}.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"A site named '{name}' already exists.");
        }
    }

    public Task<SiteRecord?> GetSiteAsync(Guid siteId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.SiteColumns} from cluster_sites where id = @id", connection);
                read.Parameters.AddWithValue("id", siteId);
                return (await PostgresRows.ListAsync(read, PostgresRows.Site, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    public Task<IReadOnlyList<SiteRecord>> ListSitesAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SiteRecord>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.SiteColumns} from cluster_sites order by name", connection);
                return await PostgresRows.ListAsync(read, PostgresRows.Site, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public async Task<bool> DeleteSiteAsync(Guid siteId, CancellationToken cancellationToken)
    {
        try
        {
            return await DeleteAsync("delete from cluster_sites where id = @id", siteId, ClusterChangeKind.Site, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
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
            "insert into cluster_cameras (id, name, site_id, source_url, credentials_encrypted, target_fps, pipeline, required_class, enabled) "
            + "values (@id, @n, @site, @url, @cred, @fps, @p, @rc, @en) returning " + PostgresRows.CameraColumns,
            id,
            camera,
            url,
            encrypted,
            keepCredentials: false,
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("insert returned no row");
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
            + "target_fps = @fps, pipeline = @p, required_class = @rc, enabled = @en, updated_at = now() "
            + "where id = @id returning " + PostgresRows.CameraColumns,
            cameraId,
            camera,
            url,
            encrypted,
            keep,
            cancellationToken).ConfigureAwait(false) ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no camera {cameraId}.");
    }

    public Task<CameraRecord?> GetCameraAsync(Guid cameraId, CancellationToken cancellationToken) =>
        ReadCameraAsync("id = @k", cameraId, cancellationToken);

    public Task<CameraRecord?> FindCameraAsync(string name, CancellationToken cancellationToken) =>
        ReadCameraAsync("name = @k", name, cancellationToken);

    public Task<IReadOnlyList<CameraRecord>> ListCamerasAsync(Guid? siteId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<CameraRecord>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    $"select {PostgresRows.CameraColumns} from cluster_cameras where @site::uuid is null or site_id = @site order by name", connection);
                read.Parameters.AddNullable("site", siteId, NpgsqlDbType.Uuid);
                return await PostgresRows.ListAsync(read, PostgresRows.Camera, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<bool> DeleteCameraAsync(Guid cameraId, CancellationToken cancellationToken) =>
        DeleteAsync("delete from cluster_cameras where id = @id", cameraId, ClusterChangeKind.Camera, cancellationToken);

    public Task<CameraSource> GetCameraSourceAsync(Guid cameraId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand("select source_url, credentials_encrypted from cluster_cameras where id = @id", connection);
                read.Parameters.AddWithValue("id", cameraId);
                var rows = await PostgresRows.ListAsync(
                    read, r => (Url: r.GetString(0), Blob: r.IsDBNull(1) ? null : r.GetFieldValue<byte[]>(1)), cancellationToken).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    throw new ClusterException(ClusterErrorCode.NotFound, $"There is no camera {cameraId}.");
                }

                var (url, blob) = rows[0];
                return new CameraSource(cameraId, url, blob is null ? null : _protector.Unprotect(blob, cameraId));
            },
            idempotent: true,
            cancellationToken);

    private static void ValidateSiteName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A site needs a name of 1-200 characters.");
        }
    }

    private Task<SiteRecord?> WriteSiteAsync(string sql, Guid id, string name, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var write = new NpgsqlCommand(sql, connection, tx);
                write.Parameters.AddWithValue("id", id);
                write.Parameters.AddWithValue("n", name);
                var site = (await PostgresRows.ListAsync(write, PostgresRows.Site, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                if (site is not null)
                {
                    await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Site, id.ToString("D")), cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return site;
            },
            idempotent: false,
            cancellationToken);

    private async Task<CameraRecord?> WriteCameraAsync(
        string sql, Guid id, CameraDefinition camera, string url, byte[]? encrypted, bool keepCredentials, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using var write = new NpgsqlCommand(sql, connection, tx);
                    write.Parameters.AddWithValue("id", id);
                    write.Parameters.AddWithValue("n", camera.Name);
                    write.Parameters.AddNullable("site", camera.SiteId, NpgsqlDbType.Uuid);
                    write.Parameters.AddWithValue("url", url);
                    write.Parameters.AddNullable("cred", encrypted, NpgsqlDbType.Bytea);
                    write.Parameters.AddWithValue("keep", keepCredentials);
                    write.Parameters.AddWithValue("fps", camera.TargetFps);
                    write.Parameters.AddWithValue("p", camera.Pipeline);
                    write.Parameters.AddWithValue("rc", WireNames.Of(camera.RequiredClass));
                    write.Parameters.AddWithValue("en", camera.Enabled);
                    var record = (await PostgresRows.ListAsync(write, PostgresRows.Camera, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                    if (record is not null)
                    {
                        await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Camera, id.ToString("D")), cancellationToken).ConfigureAwait(false);
                    }

                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return record;
                },
                idempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"A camera named '{camera.Name}' already exists.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site {camera.SiteId}.");
        }
    }

    private Task<CameraRecord?> ReadCameraAsync(string where, object key, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.CameraColumns} from cluster_cameras where {where}", connection);
                read.Parameters.AddWithValue("k", key);
                return (await PostgresRows.ListAsync(read, PostgresRows.Camera, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    private Task<bool> DeleteAsync(string sql, Guid id, ClusterChangeKind kind, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var delete = new NpgsqlCommand(sql, connection, tx);
                delete.Parameters.AddWithValue("id", id);
                var deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                if (deleted)
                {
                    await NotifyAsync(connection, tx, new ClusterChange(kind, id.ToString("D")), cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return deleted;
            },
            idempotent: false,
            cancellationToken);
}
