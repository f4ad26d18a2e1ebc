namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A floor-plan zone of a site.</summary>
/// <param name="Id">Zone id.</param>
/// <param name="SiteId">Its site.</param>
/// <param name="Name">Name.</param>
/// <param name="Polygon">Points <c>[x, y]</c> in floor metres.</param>
/// <param name="Restricted">Whether entering raises an event.</param>
/// <param name="LoiteringSeconds">Loitering threshold in seconds, or null.</param>
/// <param name="Persons">Persons inside now, from the site's latest live snapshot (null before one).</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record FloorZoneView(Guid Id, Guid SiteId, string Name, IReadOnlyList<double[]> Polygon, bool Restricted, double? LoiteringSeconds, int? Persons, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
