namespace PoseCluster.Gateway.Live;

/// <summary>One floor zone's live count.</summary>
/// <param name="Name">Zone name.</param>
/// <param name="Persons">Persons inside now.</param>
/// <param name="Restricted">Whether entering raises an event.</param>
public sealed record LiveSiteZone(string Name, int Persons, bool Restricted);
