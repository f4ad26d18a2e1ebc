namespace PoseCluster.AppHost.Local;

/// <summary>The videos simulated cameras show by default: every <c>*.mp4</c> and <c>*.avi</c> of the shared media (POSECLUSTER_SHARED or ../shared).</summary>
internal static class LocalVideos
{
    /// <summary>The shared videos, sorted by name.</summary>
    /// <exception cref="ArgumentException">There are none.</exception>
    public static IReadOnlyList<string> Shared()
    {
        var folder = SharedMedia.Root is { } root ? Path.Combine(root, "media", "video") : null;
        var videos = folder is not null && Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".avi", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        return videos.Count > 0
            ? videos
            : throw new ArgumentException("No shared videos (media/video/*.mp4|avi) were found: set POSECLUSTER_SHARED, or pass --video FILE.");
    }
}
