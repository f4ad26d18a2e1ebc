using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Site;

/// <summary>A person at site level: one global id whatever camera sees them.</summary>
/// <param name="GlobalId">Site-level id (&gt; 0), stable across cameras.</param>
/// <param name="Position">Fused floor position, metres.</param>
/// <param name="Velocity">Smoothed floor velocity, metres per second.</param>
/// <param name="FirstSeen">First sighting.</param>
/// <param name="LastSeen">Latest sighting.</param>
/// <param name="Cameras">Cameras that saw the person within the fusion window of the latest sighting.</param>
public readonly record struct SiteIdentity(int GlobalId, PlanePoint Position, PlanePoint Velocity, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, int Cameras);
