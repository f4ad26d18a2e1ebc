namespace PoseCluster.Gateway.Live;

/// <summary>One person on a site's floor plan.</summary>
/// <param name="Id">Site-level (global) id, stable across the site's cameras.</param>
/// <param name="X">Floor x in metres.</param>
/// <param name="Y">Floor y in metres.</param>
/// <param name="Posture"><c>standing</c>, <c>sitting</c>, <c>lying</c> or <c>unknown</c>.</param>
/// <param name="Cameras">Cameras seeing the person now.</param>
public sealed record LiveSiteIdentity(int Id, double X, double Y, string Posture, int Cameras);
