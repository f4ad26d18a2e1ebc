namespace PoseCluster.Gateway.Live;

/// <summary>One camera of a site as its site grain sees it.</summary>
/// <param name="Camera">Camera id.</param>
/// <param name="Calibrated">Whether it places people on the floor plan.</param>
/// <param name="Persons">Persons in its latest frame.</param>
public sealed record LiveSiteCamera(Guid Camera, bool Calibrated, int Persons);
