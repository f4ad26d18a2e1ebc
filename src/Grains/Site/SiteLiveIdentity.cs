namespace PoseCluster.Grains.Site;

/// <summary>One person on a site's floor plan, as the site view draws it.</summary>
/// <param name="GlobalId">Site-level id (stable across cameras).</param>
/// <param name="X">Floor x in metres.</param>
/// <param name="Y">Floor y in metres.</param>
/// <param name="Posture">standing, sitting, lying or unknown.</param>
/// <param name="Cameras">Cameras seeing the person now.</param>
public readonly record struct SiteLiveIdentity(int GlobalId, double X, double Y, string Posture, int Cameras);
