namespace PoseCluster.Grains.Site;

/// <summary>One floor zone's live state.</summary>
/// <param name="Name">Zone name.</param>
/// <param name="Persons">Persons inside now.</param>
/// <param name="Restricted">Whether entering raises an event.</param>
public readonly record struct SiteLiveZone(string Name, int Persons, bool Restricted);
