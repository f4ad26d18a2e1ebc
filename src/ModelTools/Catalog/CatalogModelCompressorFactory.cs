using Microsoft.Extensions.Logging;
using PoseCluster.Pose.Models;

namespace PoseCluster.ModelTools.Catalog;

/// <summary>Creates <see cref="ICatalogModelCompressor"/>s.</summary>
public static class CatalogModelCompressorFactory
{
    /// <summary>A compressor over the catalog and runtime of <paramref name="sessions"/>.</summary>
    public static ICatalogModelCompressor Create(ModelSessionCache sessions, ILogger? logger = null) => new CatalogModelCompressor(sessions, logger);
}
