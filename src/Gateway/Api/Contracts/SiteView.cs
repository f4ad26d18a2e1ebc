namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A site with live totals.</summary>
/// <param name="Id">Site id.</param>
/// <param name="Name">Name.</param>
/// <param name="Cameras">Cameras in the site.</param>
/// <param name="Streaming">Of which streaming now.</param>
/// <param name="Persons">Persons in the cameras' last frames (summed, not de-duplicated across cameras).</param>
/// <param name="Zones">Zones of its cameras.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record SiteView(Guid Id, string Name, int Cameras, int Streaming, int Persons, int Zones, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
